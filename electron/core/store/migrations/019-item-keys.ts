// Items are keyed by the leading 12 bytes of their content hash as a BLOB (item-key.ts) instead
// of 64 hex characters: about 100 bytes less per item between the table and its
// (dataset_id, hash) index. Version hashes are unchanged: they are computed from the full hash,
// which fullItemHash rebuilds from the item.
export default `
  UPDATE items SET hash = unhex(substr(hash, 1, 24)) WHERE typeof(hash) = 'text';
`;
