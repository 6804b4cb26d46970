// A version being imported: its rows go in over many short transactions while import_pid (the
// importing process) is set and its number is a negative placeholder; readers see only versions
// with import_pid NULL, which one short transaction publishes. A dead importer's leftovers are
// swept at the next open.
export default `
  ALTER TABLE dataset_versions ADD COLUMN import_pid INTEGER;
  CREATE INDEX dataset_versions_importing ON dataset_versions (import_pid) WHERE import_pid IS NOT NULL;
`;
