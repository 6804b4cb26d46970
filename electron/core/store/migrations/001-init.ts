// The first schema: experiments, runs, metrics, datasets with versions, content-addressed files.
export default `
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );
      INSERT INTO experiments (name, created_at) VALUES ('Default', CAST(unixepoch('subsec') * 1000 AS INTEGER));

      CREATE TABLE files (
        hash TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );

      -- One row per distinct content (a tabular row or an image file) of a dataset; versions
      -- share items instead of copying them.
      CREATE TABLE items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        hash TEXT NOT NULL,
        data TEXT,
        file_hash TEXT REFERENCES files(hash),
        name TEXT,
        UNIQUE (dataset_id, hash)
      );

      CREATE TABLE dataset_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        hash TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('tabular', 'images')),
        row_count INTEGER NOT NULL,
        columns TEXT NOT NULL,
        label_column TEXT,
        classes TEXT NOT NULL,
        source TEXT NOT NULL,
        parent_id INTEGER REFERENCES dataset_versions(id),
        created_at INTEGER NOT NULL,
        UNIQUE (dataset_id, version)
      );

      CREATE TABLE version_items (
        version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        item_id INTEGER NOT NULL REFERENCES items(id),
        label TEXT,
        PRIMARY KEY (version_id, position)
      ) WITHOUT ROWID;

      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        experiment_id INTEGER NOT NULL REFERENCES experiments(id),
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','finished','failed','cancelled','interrupted')),
        model_type TEXT NOT NULL,
        config TEXT NOT NULL,
        params TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '{}',
        notes TEXT NOT NULL DEFAULT '',
        seed INTEGER NOT NULL,
        engine TEXT,
        device TEXT,
        engine_info TEXT,
        dataset_version_id INTEGER REFERENCES dataset_versions(id),
        classes TEXT NOT NULL DEFAULT '[]',
        preprocessing TEXT,
        checkpoint_epoch INTEGER,
        error TEXT,
        owner_pid INTEGER,
        progress TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER
      );
      CREATE INDEX runs_experiment ON runs (experiment_id, created_at);
      CREATE INDEX runs_status ON runs (status);

      CREATE TABLE run_artifacts (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        file_hash TEXT NOT NULL REFERENCES files(hash),
        PRIMARY KEY (run_id, name)
      ) WITHOUT ROWID;

      CREATE TABLE metrics (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        step INTEGER NOT NULL,
        value REAL NOT NULL,
        time INTEGER NOT NULL
      );
      CREATE INDEX metrics_run_key_step ON metrics (run_id, key, step);

      -- Kept in step with metrics in the same transaction so tables never scan the points.
      CREATE TABLE metric_summaries (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        last REAL NOT NULL,
        min REAL NOT NULL,
        max REAL NOT NULL,
        step INTEGER NOT NULL,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;
    `;
