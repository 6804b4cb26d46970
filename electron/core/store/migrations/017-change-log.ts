// What each committed write changed, one row per transaction, so a process with the store open
// learns what another process (the CLI importing beside the app) wrote: it watches
// PRAGMA data_version and reads the rows past the last it saw. Written by the store's change
// feed (electron/core/store/change-feed.ts), which keeps the latest ones only.
export default `
  CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY,
    -- The connection that wrote it: a process skips its own, which it published at commit.
    writer TEXT NOT NULL,
    tables TEXT NOT NULL,
    ids TEXT NOT NULL,
    at INTEGER NOT NULL
  );
`;
