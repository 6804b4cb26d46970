// Which rows each run trained on, and what each evaluation was scored on, so an evaluation on
// training rows is told apart from one on held-out rows. Bitmaps are one bit per version
// position (bit p of byte p >> 3), compact enough for million-row versions and sweeps of runs.
// Evaluations from before this migration have no known overlap (NULL): they can't unlock champion.
export default `
  CREATE TABLE run_training_rows (
    run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
    source TEXT NOT NULL CHECK (source IN ('split', 'fraction')),
    validation_fraction REAL,
    seed INTEGER NOT NULL,
    train_rows INTEGER NOT NULL,
    validation_rows INTEGER NOT NULL,
    train BLOB NOT NULL,
    validation BLOB NOT NULL
  ) WITHOUT ROWID;

  ALTER TABLE evaluations ADD COLUMN split TEXT;
  ALTER TABLE evaluations ADD COLUMN rows INTEGER;
  ALTER TABLE evaluations ADD COLUMN training_overlap INTEGER;
  ALTER TABLE evaluations ADD COLUMN gate_status TEXT CHECK (gate_status IN ('passed', 'failed', 'no_gates'));
  UPDATE evaluations SET gate_status = CASE
    WHEN passed = 0 THEN 'failed'
    WHEN COALESCE(json_array_length(report, '$.gates'), 0) = 0 THEN 'no_gates'
    ELSE 'passed' END;
`;
