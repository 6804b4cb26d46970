// Per 128 steps of a series: the lowest and highest point. Charts of long series read these
// instead of every point, so 100 runs x 100,000 steps stay fast, and no spike is lost.
export default `
  CREATE TABLE metric_buckets (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    min_value REAL NOT NULL,
    min_step INTEGER NOT NULL,
    min_time INTEGER NOT NULL,
    max_value REAL NOT NULL,
    max_step INTEGER NOT NULL,
    max_time INTEGER NOT NULL,
    PRIMARY KEY (run_id, key, bucket)
  ) WITHOUT ROWID;

  INSERT INTO metric_buckets
  SELECT lo.run_id, lo.key, lo.bucket, lo.n, lo.min_value, lo.step, lo.time, hi.max_value, hi.step, hi.time
  FROM (SELECT run_id, key, step >> 7 AS bucket, COUNT(*) AS n, MIN(value) AS min_value, step, time FROM metrics GROUP BY run_id, key, step >> 7) lo
  JOIN (SELECT run_id, key, step >> 7 AS bucket, MAX(value) AS max_value, step, time FROM metrics GROUP BY run_id, key, step >> 7) hi
    ON hi.run_id = lo.run_id AND hi.key = lo.key AND hi.bucket = lo.bucket;
`;
