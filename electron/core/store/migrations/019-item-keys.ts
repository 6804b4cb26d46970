// Items are keyed by the leading 16 bytes of their content hash as a BLOB (item-key.ts) instead
// of 64 hex characters: 80 bytes less per item in the table and its (dataset_id, hash) index.
// Version hashes are unchanged: they are computed from the full hash, rebuilt from the item.
export default `
  UPDATE items SET hash = unhex(substr(hash, 1, 32)) WHERE typeof(hash) = 'text';
`;
