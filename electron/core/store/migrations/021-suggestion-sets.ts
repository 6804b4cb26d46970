// A run's suggestions for a dataset, as a whole: the row appears (or moves to the front) once
// every item's suggestion is written, so the workspace keeps showing the previous set while a
// model's suggestions for a million items go in, in short transactions. Sets already there are
// complete.
export default `
  CREATE TABLE label_suggestion_sets (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    items INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, run_id)
  ) WITHOUT ROWID;
  INSERT INTO label_suggestion_sets (dataset_id, run_id, items, created_at)
    SELECT dataset_id, run_id, COUNT(*), MAX(created_at) FROM label_suggestions GROUP BY dataset_id, run_id;
`;
