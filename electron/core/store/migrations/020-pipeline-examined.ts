// The data items a monitor trigger judged and found nothing on, so that each is judged once per
// pipeline across processes (a fresh `cairn pipeline run` or watcher, the app) rather than once
// per process life. Items that fired are runs (pipeline_runs.trigger_key). `judged_with` is a hash
// of what the verdict depends on (model, kinds, chunks, threshold, values): a spec that changes
// them judges the items again.
export default `
  CREATE TABLE pipeline_examined (
    pipeline_id INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    judged_with TEXT NOT NULL,
    examined_at INTEGER NOT NULL,
    PRIMARY KEY (pipeline_id, item_key, judged_with)
  ) WITHOUT ROWID;
`;
