// Runs logged by other tools through the MLflow-compatible API: where a run came from (its
// process is not ours to watch), and who logged it.
export default `
  ALTER TABLE runs ADD COLUMN source TEXT NOT NULL DEFAULT 'cairn' CHECK (source IN ('cairn', 'mlflow'));
  ALTER TABLE runs ADD COLUMN user_id TEXT;
  ALTER TABLE experiments ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';
`;
