// Realized outcomes logged after the fact (a conversion, a default, revenue), keyed by the id of
// the row a model scored, so the monitoring timeline can chart what the model earned against what
// its value matrix expected. A later log of the same id replaces the outcome (corrections).
export default `
  CREATE TABLE monitoring_outcomes (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    row_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    observed_at INTEGER,
    logged_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, row_id)
  ) WITHOUT ROWID;
`;
