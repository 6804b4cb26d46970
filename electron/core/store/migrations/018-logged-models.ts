// MLflow 3's logged models: a model is an entity of its own (id `m-<hex>`), owned by an
// experiment, optionally made by a run, with its files, params, tags and the metrics logged
// against it. A run names the models it produced in run_model_outputs (`runs/outputs`) and the
// ones it used (evaluated, fine-tuned) in run_model_inputs (`runs/log-inputs` models).
// Deleting is soft, as in MLflow: deleted_at hides the model and keeps its files.
export default `
  CREATE TABLE logged_models (
    id TEXT PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id),
    name TEXT NOT NULL,
    model_type TEXT,
    source_run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'READY', 'FAILED')),
    status_message TEXT,
    params TEXT NOT NULL DEFAULT '{}',
    tags TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
  );
  CREATE INDEX logged_models_experiment ON logged_models (experiment_id, created_at);
  CREATE INDEX logged_models_run ON logged_models (source_run_id);

  CREATE TABLE logged_model_files (
    model_id TEXT NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    file_hash TEXT NOT NULL REFERENCES files(hash),
    PRIMARY KEY (model_id, name)
  ) WITHOUT ROWID;
  CREATE INDEX logged_model_files_hash ON logged_model_files (file_hash);

  -- value has no type: finite doubles are stored as numbers, NaN and ±Infinity as their names.
  CREATE TABLE logged_model_metrics (
    model_id TEXT NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value NOT NULL,
    time INTEGER NOT NULL,
    step INTEGER NOT NULL,
    run_id TEXT,
    dataset_name TEXT,
    dataset_digest TEXT
  );
  CREATE INDEX logged_model_metrics_model ON logged_model_metrics (model_id, key, step);

  CREATE TABLE run_model_outputs (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    model_id TEXT NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
    step INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, model_id, step)
  ) WITHOUT ROWID;
  CREATE INDEX run_model_outputs_model ON run_model_outputs (model_id);

  CREATE TABLE run_model_inputs (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    model_id TEXT NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
    PRIMARY KEY (run_id, model_id)
  ) WITHOUT ROWID;
`;
