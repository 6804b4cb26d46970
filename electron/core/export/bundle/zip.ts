import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { UserError } from '../../errors';
import { withPendingOutput } from '../../files/pending-outputs';
import { formatBytes, inputLimits, type InputLimits } from '../../input-limits';

// A fixed timestamp for every entry, so the same files give the same zip bytes.
// DOS times are local and start in 1980; the 2nd of January keeps clear of time zone underflow.
const FIXED_MTIME = new Date(1980, 0, 2, 0, 0, 0);
// A bundle holds about ten files; thousands of entries is a crafted zip.
const MAX_ENTRIES = 1000;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Writes entries in the order given, to a temp file renamed into place so no half zip is left;
 * `scratchDir` (the data folder's) records the temp file while it exists, for the start-up
 * after a killed export to remove.
 */
export async function writeZip(file: string, entries: [string, Uint8Array][], scratchDir?: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(Buffer.from(data), name, { mtime: FIXED_MTIME, mode: 0o100644, compress: true });
  zip.end();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const write = async () => {
    try {
      await new Promise<void>((resolve, reject) => {
        const out = fs.createWriteStream(tmp);
        zip.outputStream
          .on('error', reject)
          .pipe(out)
          .on('error', reject)
          .on('finish', () => resolve());
      });
      fs.renameSync(tmp, file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  };
  await (scratchDir === undefined ? write() : withPendingOutput(scratchDir, tmp, write));
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

/**
 * A zip opened from its central directory, every entry checked before any is inflated: unsafe
 * names, links, duplicates, and declared sizes past the limits (in all, or packed suspiciously
 * well). Entries are then inflated one at a time on request, each held to its declared size.
 */
export class ZipReader {
  private constructor(
    private readonly file: string,
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
  ) {}

  static async open(file: string, limits: InputLimits = inputLimits()): Promise<ZipReader> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (err, z) => {
        if (!err) return resolve(z!);
        const code = (err as NodeJS.ErrnoException).code;
        reject(code === 'ENOENT' ? new UserError(`${file}: no such file`) : code ? err : corrupt(file, err));
      }),
    );
    const entries = new Map<string, yauzl.Entry>();
    let total = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        const fail = (err: unknown) => reject(err instanceof UserError ? err : corrupt(file, err));
        zip.on('error', fail);
        zip.on('end', () => resolve());
        zip.on('entry', (entry: yauzl.Entry) => {
          const name = (entry.fileName as unknown as Buffer).toString('utf8');
          const why = unsafeEntryName(name);
          if (why) return fail(new UserError(`${file}: unsafe entry "${name}": it ${why}; refusing the bundle`));
          if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK)
            return fail(new UserError(`${file}: entry "${name}" is a symbolic link; refusing the bundle`));
          if (name.endsWith('/')) return zip.readEntry();
          if (entries.has(name)) return fail(new UserError(`${file}: entry "${name}" appears twice`));
          if (entries.size >= MAX_ENTRIES) return fail(new UserError(`${file}: more than ${MAX_ENTRIES} entries; refusing the bundle`));
          total += entry.uncompressedSize;
          if (total > limits.bundleBytes)
            return fail(new UserError(`${file}: the bundle unpacks to more than ${formatBytes(limits.bundleBytes)} (CAIRN_MAX_BUNDLE_MB raises the limit)`));
          if (entry.uncompressedSize > limits.ratioGraceBytes && entry.uncompressedSize > limits.bundleRatio * entry.compressedSize) {
            return fail(
              new UserError(
                `${file}: entry "${name}" unpacks to more than ${limits.bundleRatio} times its packed size, like a zip bomb (CAIRN_MAX_BUNDLE_RATIO raises the limit)`,
              ),
            );
          }
          entries.set(name, entry);
          zip.readEntry();
        });
        zip.readEntry();
      });
    } catch (err) {
      zip.close();
      throw err;
    }
    return new ZipReader(file, zip, entries);
  }

  /** File entries, in the zip's order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The size the central directory declares; read() holds the entry to it. */
  declaredSize(name: string): number {
    return this.entries.get(name)?.uncompressedSize ?? 0;
  }

  /** Inflates one entry, streamed; one that inflates to other than its declared size is refused mid-stream. */
  read(name: string): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) return Promise.reject(new UserError(`${this.file}: no entry "${name}"`));
    const damaged = (err: unknown) =>
      new UserError(`${this.file}: entry "${name}" is damaged or not the size its header declares (${(err as Error).message}); refusing the bundle`);
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(damaged(err));
        const chunks: Buffer[] = [];
        stream!.on('data', (c: Buffer) => chunks.push(c));
        stream!.on('error', (e) => reject(damaged(e)));
        stream!.on('end', () => resolve(Buffer.concat(chunks)));
      });
    });
  }

  close(): void {
    this.zip.close();
  }
}

/** Every file of a zip in memory, checked as ZipReader checks them. */
export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await ZipReader.open(file);
  try {
    const files = new Map<string, Buffer>();
    for (const name of zip.names()) files.set(name, await zip.read(name));
    return files;
  } finally {
    zip.close();
  }
}

function corrupt(file: string, err: unknown): UserError {
  return new UserError(`${file} is not a readable zip (truncated or corrupt): ${(err as Error).message}`);
}
