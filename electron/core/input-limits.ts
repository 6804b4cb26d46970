import { UserError } from './errors';

const MiB = 1024 ** 2;

/**
 * How much hostile input an import may cost before it is refused, each overridable by an
 * environment variable (for the CLI, `cairn serve` and the desktop app alike):
 *
 * - CAIRN_MAX_RECORD_MB (16): one CSV record or JSON/text line. Python's csv stops a field at
 *   128 KiB; 16 MiB leaves room for whole documents in a cell while a record stays a small
 *   fraction of memory, however many times it is copied on its way into the store.
 * - CAIRN_MAX_GUNZIP_MB (16384): what a .gz may unpack to in all. Real tables of tens of GB stream
 *   fine, but past this it is more likely a bomb than data.
 * - CAIRN_MAX_GUNZIP_RATIO (200): unpacked bytes per packed byte, checked past the first 16 MiB.
 *   Text tables pack 5-20:1; a bomb of zeros packs 1000:1 and is stopped within a second.
 * - CAIRN_MAX_BUNDLE_MB (2048) and CAIRN_MAX_BUNDLE_RATIO (200): what a model zip may unpack to,
 *   and its entries' ratio past the first 16 MiB, both read from the central directory.
 * - CAIRN_MAX_ANNOTATIONS_MB (512): a COCO annotations file, read whole (COCO 2017's largest is
 *   448 MB; V8 cannot hold a longer string). YOLO label, class and yaml files take the record limit.
 */
export interface InputLimits {
  recordBytes: number;
  gunzipBytes: number;
  gunzipRatio: number;
  bundleBytes: number;
  bundleRatio: number;
  annotationsBytes: number;
  /** Output below this is never refused for its ratio: small files of repeated rows pack well. */
  ratioGraceBytes: number;
}

export function inputLimits(env: NodeJS.ProcessEnv = process.env): InputLimits {
  return {
    recordBytes: positive(env, 'CAIRN_MAX_RECORD_MB', 16) * MiB,
    gunzipBytes: positive(env, 'CAIRN_MAX_GUNZIP_MB', 16384) * MiB,
    gunzipRatio: positive(env, 'CAIRN_MAX_GUNZIP_RATIO', 200),
    bundleBytes: positive(env, 'CAIRN_MAX_BUNDLE_MB', 2048) * MiB,
    bundleRatio: positive(env, 'CAIRN_MAX_BUNDLE_RATIO', 200),
    annotationsBytes: positive(env, 'CAIRN_MAX_ANNOTATIONS_MB', 512) * MiB,
    ratioGraceBytes: 16 * MiB,
  };
}

/** "16 MiB", "1.5 GiB": limits as people set them. */
export function formatBytes(n: number): string {
  if (n >= 1024 * MiB) return `${+(n / (1024 * MiB)).toFixed(2)} GiB`;
  if (n >= MiB) return `${+(n / MiB).toFixed(2)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(2)} KiB`;
  return `${n} bytes`;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} must be a positive number, got "${raw}"`);
  return n;
}
