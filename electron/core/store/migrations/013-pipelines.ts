// Automated pipelines: each definition seen, each run of one (what triggered it, its decision and
// why), each step's status, log and outputs, and the approvals people gave. The trigger key is
// unique per pipeline, so a file or a dataset version never starts two runs, whoever sees it first.
export default `
  CREATE TABLE pipelines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,
    source_path TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE pipeline_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline_id INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
    trigger_kind TEXT NOT NULL,
    trigger_key TEXT NOT NULL,
    trigger TEXT NOT NULL,
    spec TEXT NOT NULL,
    spec_dir TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'gate_failed', 'waiting_approval', 'rejected', 'failed', 'interrupted')),
    decision TEXT,
    reason TEXT,
    owner_pid INTEGER,
    created_at INTEGER NOT NULL,
    ended_at INTEGER,
    UNIQUE (pipeline_id, trigger_key)
  );
  CREATE INDEX pipeline_runs_status ON pipeline_runs (status);

  CREATE TABLE pipeline_steps (
    run_id INTEGER NOT NULL REFERENCES pipeline_runs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'gate_failed', 'waiting', 'failed', 'skipped')),
    started_at INTEGER,
    ended_at INTEGER,
    log TEXT NOT NULL DEFAULT '',
    outputs TEXT NOT NULL DEFAULT '{}',
    error TEXT,
    PRIMARY KEY (run_id, position)
  ) WITHOUT ROWID;

  CREATE TABLE pipeline_approvals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES pipeline_runs(id) ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    by TEXT NOT NULL,
    reason TEXT NOT NULL,
    at INTEGER NOT NULL
  );
`;
