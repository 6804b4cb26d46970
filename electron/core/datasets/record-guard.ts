import { Transform } from 'node:stream';
import { UserError } from '../errors';
import { formatBytes } from '../input-limits';

const NEWLINE = 0x0a;
const SNIFF_CHARS = 8192;
const QUOTE = 0x22;
// papaparse's delimiter candidates: a quote right after one of them opens a quoted field.
const DELIMITERS = new Set([0x2c, 0x09, 0x7c, 0x3b, 0x1e, 0x1f]);

/**
 * Passes text on in whole records only (up to the last newline outside quotes), and refuses a
 * record longer than `limit` characters with the line it starts on. papaparse re-reads an
 * unfinished record from its start with every chunk, so a 40 MB field fed in 16 KiB pieces
 * cost minutes; whole records keep it linear, and the limit bounds what one record holds.
 * `quoted`: CSV, where a newline inside quotes does not end a record (JSON Lines and text: false).
 */
export function wholeRecords(limit: number, quoted: boolean): Transform {
  let pieces: string[] = [];
  let recordChars = 0;
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteInQuotes = false;
  let fieldStart = true;
  let sniffed = false;
  return new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string, _enc, done) {
      // Text tables hold no NUL bytes; a zip, image or database early on does.
      if (!sniffed) {
        sniffed = true;
        if (chunk.slice(0, SNIFF_CHARS).includes('\u0000')) return done(new UserError('binary data, not text (expected CSV/TSV, JSON Lines or plain text, optionally gzipped)'));
      }
      let boundary = -1;
      // Where the open record starts, relative to this chunk (negative: in an earlier one).
      let start = -recordChars;
      const tooLong = () => new UserError(`line ${recordLine}: a record longer than ${formatBytes(limit)} (CAIRN_MAX_RECORD_MB raises the limit)`);
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (inQuotes) {
          if (quoteInQuotes) {
            quoteInQuotes = false;
            // "" inside quotes is one literal quote; any other character follows the closing one.
            if (c === QUOTE) continue;
            inQuotes = false;
          } else {
            if (c === QUOTE) quoteInQuotes = true;
            else if (c === NEWLINE) line++;
            continue;
          }
        }
        if (c === NEWLINE) {
          if (i - start > limit) return done(tooLong());
          line++;
          boundary = i;
          start = i + 1;
          recordLine = line;
          fieldStart = true;
        } else if (quoted && c === QUOTE && fieldStart) {
          inQuotes = true;
          fieldStart = false;
        } else fieldStart = DELIMITERS.has(c);
      }
      recordChars = chunk.length - start;
      if (recordChars > limit) return done(tooLong());
      if (boundary < 0) {
        pieces.push(chunk);
        done();
        return;
      }
      pieces.push(chunk.slice(0, boundary + 1));
      const out = pieces.join('');
      pieces = boundary + 1 < chunk.length ? [chunk.slice(boundary + 1)] : [];
      done(null, out);
    },
    flush(done) {
      done(null, pieces.join(''));
    },
  });
}
