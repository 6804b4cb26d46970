// Star and archive for the runs table.
export default `
  ALTER TABLE runs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE runs ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX runs_created ON runs (created_at);
`;
