import crypto from 'node:crypto';

/**
 * Bytes of an item's content hash kept in the store (items.hash, a BLOB), the key that versions
 * share items by: 96 bits, so two contents share one with odds of about n²/2^97 (1 in 10^11 at
 * a billion items), in a fifth of the 64 hex characters stored before (migration 019); with the
 * WAL writing each page twice, those bytes decide whether an import writes under 4x its CSV. The
 * full hash is recomputed where a version hash needs it (fullItemHash).
 */
export const ITEM_KEY_BYTES = 12;

/** The stored key of a full hex content hash. */
export function itemKey(hash: string): Buffer {
  return Buffer.from(hash.slice(0, ITEM_KEY_BYTES * 2), 'hex');
}

/** A table row's item identity: the hash of its feature cells as stored (JSON, label left out). */
export function rowHash(featuresJson: string): string {
  return crypto.hash('sha256', featuresJson);
}

/** An image stored under another name than the same bytes already are (see import-boxes.ts). */
export function namedImageHash(fileHash: string, name: string): string {
  return crypto.hash('sha256', `${fileHash}\n${name}`);
}

/** An item's full content hash from what the store keeps: its row's data, or its image's file hash and name. */
export function fullItemHash(item: { key: Buffer; data: string | null; fileHash: string | null; name: string | null }): string {
  if (item.data !== null || item.fileHash === null) return rowHash(item.data ?? '');
  return itemKey(item.fileHash).equals(item.key) ? item.fileHash : namedImageHash(item.fileHash, item.name ?? '');
}
