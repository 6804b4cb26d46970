// The labeling workspace: a label set per dataset, every label ever given (per labeler, never
// overwritten), reviews, model suggestions and likely label errors. Versions gain a rich
// annotation (multi-label sets, bounding boxes) beside the single label, and image items their
// pixel size so boxes can be exported without decoding every image again.
export default `
  ALTER TABLE items ADD COLUMN width INTEGER;
  ALTER TABLE items ADD COLUMN height INTEGER;
  ALTER TABLE version_items ADD COLUMN annotation TEXT;

  CREATE TABLE label_schemas (
    dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
    task TEXT NOT NULL CHECK (task IN ('single', 'multi', 'boxes')),
    classes TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );

  -- One user action (a keypress, a bulk label, a review, an undo); undo reverts a whole action.
  CREATE TABLE label_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    labeler TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('label', 'bulk', 'suggestion', 'review', 'undo')),
    undone_by INTEGER REFERENCES label_actions(id),
    created_at INTEGER NOT NULL
  );
  CREATE INDEX label_actions_labeler ON label_actions (dataset_id, labeler, id);

  CREATE TABLE annotations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id),
    action_id INTEGER NOT NULL REFERENCES label_actions(id),
    labeler TEXT NOT NULL,
    -- JSON AnnotationValue; NULL clears the labeler's label (an undo back to nothing).
    value TEXT,
    seconds REAL NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX annotations_item ON annotations (dataset_id, item_id, id);
  CREATE INDEX annotations_action ON annotations (action_id);

  -- The latest annotation of each labeler on each item, kept in step with annotations in the
  -- same transaction so queues and agreement never scan the history.
  CREATE TABLE current_labels (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id),
    labeler TEXT NOT NULL,
    annotation_id INTEGER NOT NULL REFERENCES annotations(id),
    value TEXT NOT NULL,
    -- The first label of the value (the class for single-label tasks), for filters and agreement.
    label TEXT,
    PRIMARY KEY (dataset_id, item_id, labeler)
  ) WITHOUT ROWID;
  CREATE INDEX current_labels_label ON current_labels (dataset_id, label);

  CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id),
    reviewer TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'fix', 'reject')),
    -- The annotation judged (accept/reject) or written by the reviewer (fix).
    annotation_id INTEGER REFERENCES annotations(id),
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
  );
  CREATE INDEX reviews_item ON reviews (dataset_id, item_id, id);

  CREATE TABLE label_suggestions (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id),
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    confidence REAL NOT NULL,
    entropy REAL NOT NULL,
    margin REAL NOT NULL,
    probs TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, item_id, run_id)
  ) WITHOUT ROWID;

  -- Likely label errors of a version found by confident learning on out-of-fold probabilities.
  CREATE TABLE label_issues (
    version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id),
    given TEXT NOT NULL,
    suggested TEXT NOT NULL,
    quality REAL NOT NULL,
    run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
    PRIMARY KEY (version_id, position)
  ) WITHOUT ROWID;
`;
