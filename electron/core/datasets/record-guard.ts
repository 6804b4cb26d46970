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
  // A quote ended the last chunk inside quotes: the next character says whether it closed them.
  let quoteInQuotes = false;
  // The character before this chunk; a newline at the start of the file.
  let before = NEWLINE;
  let sniffed = false;
  return new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string, _enc, done) {
      // Text tables hold no NUL bytes; a zip, image or database early on does.
      if (!sniffed) {
        sniffed = true;
        if (chunk.slice(0, SNIFF_CHARS).includes('\u0000'))
          return done(new UserError('binary data, not text (expected CSV/TSV, JSON Lines or plain text, optionally gzipped)'));
      }
      let boundary = -1;
      // Where the open record starts, relative to this chunk (negative: in an earlier one).
      let start = -recordChars;
      const tooLong = () => new UserError(`line ${recordLine}: a record longer than ${formatBytes(limit)} (CAIRN_MAX_RECORD_MB raises the limit)`);
      // The next newline and quote at or after a position, each found by one native scan.
      let nl = -2;
      let quote = quoted ? -2 : -1;
      const nextNewline = (from: number) => (nl !== -1 && nl < from ? (nl = chunk.indexOf('\n', from)) : nl);
      const nextQuote = (from: number) => (quote !== -1 && quote < from ? (quote = chunk.indexOf('"', from)) : quote);
      let i = 0;
      if (quoteInQuotes) {
        quoteInQuotes = false;
        // "" inside quotes is one literal quote; any other character follows the closing one.
        if (chunk.charCodeAt(0) === QUOTE) i = 1;
        else inQuotes = false;
      }
      while (i < chunk.length) {
        if (inQuotes) {
          const q = nextQuote(i);
          const end = q < 0 ? chunk.length : q;
          for (let n = nextNewline(i); n !== -1 && n < end; n = nextNewline(n + 1)) line++;
          if (q < 0) break;
          if (q + 1 === chunk.length) {
            quoteInQuotes = true;
            break;
          }
          if (chunk.charCodeAt(q + 1) === QUOTE) i = q + 2;
          else {
            inQuotes = false;
            i = q + 1;
          }
          continue;
        }
        const n = nextNewline(i);
        const q = nextQuote(i);
        if (q !== -1 && (n === -1 || q < n)) {
          // A quote opens a quoted field only at its start, as in papaparse: 12" mid-field is a character.
          const prev = q === 0 ? before : chunk.charCodeAt(q - 1);
          if (prev === NEWLINE || DELIMITERS.has(prev)) inQuotes = true;
          i = q + 1;
          continue;
        }
        if (n === -1) break;
        if (n - start > limit) return done(tooLong());
        line++;
        boundary = n;
        start = n + 1;
        recordLine = line;
        i = n + 1;
      }
      before = chunk.charCodeAt(chunk.length - 1);
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
