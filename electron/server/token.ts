import crypto from 'node:crypto';
import fs from 'node:fs';
import { dataPaths } from '../core/data-dir';

/** The serve access token, kept in the data folder so URLs and scripts survive restarts. */
export function readOrCreateToken(dataDir: string): string {
  const file = dataPaths(dataDir).token;
  try {
    const t = fs.readFileSync(file, 'utf8').trim();
    if (t.length >= 32) return t;
  } catch {
    // none yet
  }
  return rotateToken(dataDir);
}

export function rotateToken(dataDir: string): string {
  const file = dataPaths(dataDir).token;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = crypto.randomBytes(32).toString('base64url');
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, token + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
  return token;
}

export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The current token for each request without reading the file each time; `cairn token --rotate` in another process is seen at once. */
export function tokenReader(dataDir: string): () => string {
  const file = dataPaths(dataDir).token;
  let cached = readOrCreateToken(dataDir);
  let stamp = stampOf(file);
  return () => {
    const now = stampOf(file);
    if (now !== stamp) {
      cached = readOrCreateToken(dataDir);
      stamp = stampOf(file);
    }
    return cached;
  };
}

function stampOf(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.mtimeMs}:${s.ino}`;
  } catch {
    return 'missing';
  }
}
