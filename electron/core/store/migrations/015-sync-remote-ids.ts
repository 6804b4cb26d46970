// `cairn push` and `cairn pull` against a team MLflow tracking server. sync_remote_ids holds, per
// server, what each local thing is called there and how far it was pushed, so a second push
// duplicates nothing and a push killed halfway carries on. A run pulled from a server keeps that
// server's address in runs.origin and is read-only here.
export default `
  CREATE TABLE sync_remote_ids (
    remote_uri TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('experiment', 'run', 'metric', 'metric-batch', 'input', 'artifact', 'model', 'model-version', 'alias', 'pulled-run')),
    local_id TEXT NOT NULL,
    -- NULL while a create was sent and its answer not yet recorded.
    remote_id TEXT,
    -- How far this thing was pushed: a fingerprint, a watermark or a pending batch (JSON).
    pushed_through TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (remote_uri, kind, local_id)
  ) WITHOUT ROWID;

  ALTER TABLE runs ADD COLUMN origin TEXT;
`;
