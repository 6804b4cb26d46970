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

/**
 * Words of 32 bits in an item key. Keys are moved and compared a word at a time through Uint32Array
 * views: for 12 bytes, Buffer.copy's call into C++ costs more than the bytes (half a second a
 * million rows).
 */
export const KEY_WORDS = ITEM_KEY_BYTES / 4;

/** A buffer of keys as words: a view when it starts on a word, else a copy. */
export function keyWords(keys: Buffer): Uint32Array {
  const n = Math.floor(keys.length / 4);
  return keys.byteOffset % 4 === 0
    ? new Uint32Array(keys.buffer, keys.byteOffset, n)
    : new Uint32Array(keys.buffer.slice(keys.byteOffset, keys.byteOffset + 4 * n));
}

/** Copies the key of row `from` (its words at from * stride) to row `to` of `dst`; a digest's key is its leading words (stride 8). */
export function copyKey(src: Uint32Array, from: number, dst: Uint32Array, to: number, stride = KEY_WORDS): void {
  for (let w = 0; w < KEY_WORDS; w++) dst[to * KEY_WORDS + w] = src[from * stride + w];
}

/** Whether keys a and b (indexes, not bytes) are the same. */
export function sameKey(words: Uint32Array, a: number, b: number): boolean {
  for (let w = 0; w < KEY_WORDS; w++) if (words[a * KEY_WORDS + w] !== words[b * KEY_WORDS + w]) return false;
  return true;
}

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
  // Grown for a long row (up to three times the record limit): let it go rather than keep it for the app's life.
  if (sha.grown) sha = null;
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
