// Train/validation/test splits stored with a dataset version (stratified by label, seeded).
export default `
  CREATE TABLE version_splits (
    version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    split TEXT NOT NULL CHECK (split IN ('train', 'validation', 'test')),
    PRIMARY KEY (version_id, position)
  ) WITHOUT ROWID;
  CREATE TABLE version_split_specs (
    version_id INTEGER PRIMARY KEY REFERENCES dataset_versions(id) ON DELETE CASCADE,
    validation REAL NOT NULL,
    test REAL NOT NULL,
    seed INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
`;
