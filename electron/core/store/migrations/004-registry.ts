// Model registry: named models with numbered versions (from a run, or imported from a bundle),
// the files each version holds, aliases with their history, and the evaluations that gate
// `champion` (written by the evaluation feature; read here through GateChecker).
export default `
  CREATE TABLE models (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );

  -- classes and preprocessing are copied at registration so a version stays usable on its own;
  -- lineage is JSON: where the version came from when there is no run (an imported bundle).
  -- run_id has no ON DELETE: a run that backs a registered version can't be deleted.
  CREATE TABLE model_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    run_id TEXT REFERENCES runs(id),
    source TEXT NOT NULL CHECK (source IN ('run', 'import')),
    description TEXT NOT NULL DEFAULT '',
    classes TEXT NOT NULL,
    preprocessing TEXT,
    lineage TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    UNIQUE (model_id, version)
  );
  CREATE INDEX model_versions_run ON model_versions (run_id);

  CREATE TABLE model_version_files (
    version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    file_hash TEXT NOT NULL REFERENCES files(hash),
    PRIMARY KEY (version_id, name)
  ) WITHOUT ROWID;

  CREATE TABLE model_aliases (
    model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES model_versions(id),
    moved_at INTEGER NOT NULL,
    PRIMARY KEY (model_id, alias)
  ) WITHOUT ROWID;

  CREATE TABLE model_alias_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES model_versions(id),
    previous_version_id INTEGER REFERENCES model_versions(id),
    moved_at INTEGER NOT NULL,
    reason TEXT,
    override INTEGER NOT NULL DEFAULT 0 CHECK (override IN (0, 1))
  );
  CREATE INDEX model_alias_history_model ON model_alias_history (model_id, moved_at);

  CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_version_id INTEGER REFERENCES model_versions(id) ON DELETE CASCADE,
    run_id TEXT REFERENCES runs(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
    report TEXT NOT NULL DEFAULT '{}',
    CHECK (model_version_id IS NOT NULL OR run_id IS NOT NULL)
  );
  CREATE INDEX evaluations_version ON evaluations (model_version_id, created_at);
  CREATE INDEX evaluations_run ON evaluations (run_id, created_at);
`;
