import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { UserError } from '../../errors';

// A fixed timestamp for every entry, so the same files give the same zip bytes.
// DOS times are local and start in 1980; the 2nd of January keeps clear of time zone underflow.
const FIXED_MTIME = new Date(1980, 0, 2, 0, 0, 0);
const MAX_TOTAL_BYTES = 2 * 1024 ** 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Writes entries in the order given, to a temp file renamed into place so no half zip is left. */
export async function writeZip(file: string, entries: [string, Uint8Array][]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(Buffer.from(data), name, { mtime: FIXED_MTIME, mode: 0o100644, compress: true });
  zip.end();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await new Promise<void>((resolve, reject) => {
      const out = fs.createWriteStream(tmp);
      zip.outputStream.on('error', reject).pipe(out).on('error', reject).on('finish', () => resolve());
    });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Why an entry name may not be extracted anywhere, or null when it is a plain relative path. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\\')) return 'contains a backslash';
  if (name.includes('\0')) return 'contains a NUL character';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '..')) return 'climbs out of the bundle with ".."';
  if (parts.some((p) => p === '' || p === '.')) return 'has an empty or "." path segment';
  return null;
}

/** Reads every file of a zip into memory, refusing unsafe names, links, duplicates and damage. */
export async function readZip(file: string): Promise<Map<string, Buffer>> {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    throw new UserError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const corrupt = (err: unknown) => new UserError(`${file} is not a readable zip (truncated or corrupt): ${(err as Error).message}`);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(data, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, z) => (err ? reject(corrupt(err)) : resolve(z!))),
  );
  const files = new Map<string, Buffer>();
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => {
      zip.close();
      reject(err instanceof UserError ? err : corrupt(err));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(files));
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = (entry.fileName as unknown as Buffer).toString('utf8');
      const why = unsafeEntryName(name);
      if (why) return fail(new UserError(`${file}: unsafe entry "${name}": it ${why}; refusing the bundle`));
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return fail(new UserError(`${file}: entry "${name}" is a symbolic link; refusing the bundle`));
      if (name.endsWith('/')) return zip.readEntry();
      if (files.has(name)) return fail(new UserError(`${file}: entry "${name}" appears twice`));
      total += entry.uncompressedSize;
      if (total > MAX_TOTAL_BYTES) return fail(new UserError(`${file}: the bundle unpacks to more than ${MAX_TOTAL_BYTES} bytes`));
      zip.openReadStream(entry, (err, stream) => {
        if (err) return fail(err);
        const chunks: Buffer[] = [];
        stream!.on('data', (c: Buffer) => chunks.push(c));
        stream!.on('error', fail);
        stream!.on('end', () => {
          files.set(name, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}
