// What MLflow clients log that Cairn had nowhere to keep.
// - metric_nonfinite: NaN and ±Infinity points (MLflow accepts them). Kept apart from `metrics`
//   so charts, summaries, sorts and filters only ever see finite numbers; get-history returns them.
// - experiments.deleted_at: MLflow deletes experiments softly and can restore them.
// - run_inputs: the datasets a run used (mlflow.log_input), with digest, source and schema.
// - registry fields MLflow's model registry has: descriptions, tags, a version's stage and the
//   artifact path it was registered from. A deleted version keeps its row (alias history points
//   at it) with stage 'Deleted_Internal', as MLflow's own store does, and is hidden everywhere.
export default `
  CREATE TABLE metric_nonfinite (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    step INTEGER NOT NULL,
    value TEXT NOT NULL CHECK (value IN ('NaN', 'Infinity', '-Infinity')),
    time INTEGER NOT NULL
  );
  CREATE INDEX metric_nonfinite_run_key ON metric_nonfinite (run_id, key, step);

  ALTER TABLE experiments ADD COLUMN deleted_at INTEGER;

  CREATE TABLE run_inputs (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    digest TEXT NOT NULL,
    source_type TEXT NOT NULL,
    source TEXT NOT NULL,
    schema TEXT,
    profile TEXT,
    context TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, name, digest)
  ) WITHOUT ROWID;

  ALTER TABLE models ADD COLUMN description TEXT NOT NULL DEFAULT '';
  ALTER TABLE models ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE models ADD COLUMN updated_at INTEGER;
  ALTER TABLE model_versions ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE model_versions ADD COLUMN stage TEXT NOT NULL DEFAULT 'None' CHECK (stage IN ('None', 'Staging', 'Production', 'Archived', 'Deleted_Internal'));
  ALTER TABLE model_versions ADD COLUMN artifact_source TEXT;
  ALTER TABLE model_versions ADD COLUMN updated_at INTEGER;
`;
