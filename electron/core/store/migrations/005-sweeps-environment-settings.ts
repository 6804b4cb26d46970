// Reproducibility (where and with what a run trained), sweeps, and app settings such as the
// compute price used for cost estimates.
export default `
  ALTER TABLE runs ADD COLUMN environment TEXT;

  CREATE TABLE sweeps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id),
    spec TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'cancelled')),
    created_at INTEGER NOT NULL,
    ended_at INTEGER
  );
  ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id);
  CREATE INDEX runs_sweep ON runs (sweep_id);

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  ALTER TABLE experiments ADD COLUMN budget REAL;
`;
