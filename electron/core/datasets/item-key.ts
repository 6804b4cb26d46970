import crypto from 'node:crypto';
import { Sha256Batch } from './sha256-batch';

/**
 * Bytes of an item's content hash kept in the store (items.hash, a BLOB), the key that versions
 * share items by: 96 bits, so two contents share one with odds of about n²/2^97 (1 in 10^11 at
 * a billion items), in a fifth of the 64 hex characters stored before (migration 019); with the
 * WAL writing each page twice, those bytes decide whether an import writes under 4x its CSV. The
 * full hash is recomputed where a version hash needs it (fullItemHashes).
 */
export const ITEM_KEY_BYTES = 12;

/** The stored key of a full hex content hash. */
export function itemKey(hash: string): Buffer {
  return Buffer.from(hash.slice(0, ITEM_KEY_BYTES * 2), 'hex');
}

let sha: Sha256Batch | null = null;

/**
 * Table rows' item identities: the SHA-256 of each row's feature cells as stored (JSON, label left
 * out), 32 bytes each into `out`. Many at once: hashed one by one, the calls cost more than the hashing.
 */
export function rowHashes(featuresJson: readonly string[], out: Buffer): void {
  sha ??= new Sha256Batch();
  sha.hash(featuresJson, out);
}

/** The same, as hex. */
export function rowHashesHex(featuresJson: readonly string[]): string[] {
  const out = Buffer.allocUnsafe(featuresJson.length * 32);
  rowHashes(featuresJson, out);
  return featuresJson.map((_, i) => out.toString('hex', 32 * i, 32 * (i + 1)));
}

/** An image stored under another name than the same bytes already are (see import-boxes.ts). */
export function namedImageHash(fileHash: string, name: string): string {
  return crypto.hash('sha256', `${fileHash}\n${name}`);
}

export interface StoredItem {
  key: Buffer;
  data: string | null;
  fileHash: string | null;
  name: string | null;
}

/** Items' full content hashes from what the store keeps: a row's data, or an image's file hash and name. */
export function fullItemHashes(items: readonly StoredItem[]): string[] {
  const isRow = (item: StoredItem) => item.data !== null || item.fileHash === null;
  const rows = rowHashesHex(items.filter(isRow).map((item) => item.data ?? ''));
  let r = 0;
  return items.map((item) => {
    if (isRow(item)) return rows[r++];
    const fileHash = item.fileHash!;
    return itemKey(fileHash).equals(item.key) ? fileHash : namedImageHash(fileHash, item.name ?? '');
  });
}
