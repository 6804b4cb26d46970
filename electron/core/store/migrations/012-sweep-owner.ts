// Sweeps get an owner process, as runs have, so a sweep whose process died is found at the next
// open and marked `interrupted` instead of showing `running` forever. Adding a status to the
// CHECK constraint means rebuilding the table (SQLite's documented 12-step procedure; the runner
// turns foreign keys off around it and checks them before committing).
export default `
  CREATE TABLE sweeps_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id),
    spec TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'cancelled', 'interrupted')),
    owner_pid INTEGER,
    created_at INTEGER NOT NULL,
    ended_at INTEGER
  );
  INSERT INTO sweeps_new (id, name, experiment_id, spec, status, created_at, ended_at)
    SELECT id, name, experiment_id, spec, status, created_at, ended_at FROM sweeps;
  DROP TABLE sweeps;
  ALTER TABLE sweeps_new RENAME TO sweeps;
`;
