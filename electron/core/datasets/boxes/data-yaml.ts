import { UserError } from '../../errors';

// Only what a YOLO data.yaml says about classes is read, so a small reader for the forms tools
// write (`names: [a, b]`, `names: {0: a}`, a block list, a block map of index: name) does,
// without a YAML dependency.

/** The class names and `nc` of a data.yaml; names null when it has none. */
export function readDataYaml(text: string, file: string): { names: string[] | null; nc: number | null } {
  const lines = text.split(/\r?\n/);
  let names: string[] | null = null;
  let nc: number | null = null;
  for (let i = 0; i < lines.length; i++) {
    const m = /^([A-Za-z_]+)\s*:(.*)$/.exec(lines[i]);
    if (!m) continue;
    const key = m[1];
    const rest = stripComment(m[2]).trim();
    if (key === 'nc') {
      nc = Number(rest);
      if (!Number.isInteger(nc) || nc < 0) throw new UserError(`${file}: line ${i + 1}: nc must be a whole number`);
    } else if (key === 'names') {
      if (rest.startsWith('[')) names = flow(rest, '[', ']', file, i).map((s) => scalar(s, file, i));
      else if (rest.startsWith('{'))
        names = indexed(
          flow(rest, '{', '}', file, i).map((s) => s.split(/:(.*)/s).map((p) => p.trim())),
          file,
          i,
        );
      else if (rest !== '') throw new UserError(`${file}: line ${i + 1}: names must be a list`);
      else {
        const block: string[] = [];
        while (i + 1 < lines.length && (/^\s+\S/.test(lines[i + 1]) || /^-\s/.test(lines[i + 1]) || lines[i + 1].trim() === '')) {
          i++;
          const item = stripComment(lines[i]).trim();
          if (item !== '') block.push(item);
        }
        if (block.every((b) => b.startsWith('-'))) names = block.map((b) => scalar(b.slice(1).trim(), file, i));
        else
          names = indexed(
            block.map((b) => b.split(/:(.*)/s).map((p) => p.trim())),
            file,
            i,
          );
      }
    }
  }
  return { names, nc };
}

/** data.yaml for a folder written by Cairn: names double-quoted (JSON strings are valid YAML). */
export function writeDataYaml(root: string, classes: string[]): string {
  return [
    `path: ${JSON.stringify(root)}`,
    'train: images',
    'val: images',
    `nc: ${classes.length}`,
    'names:',
    ...classes.map((c) => `  - ${JSON.stringify(c)}`),
    '',
  ].join('\n');
}

function indexed(pairs: string[][], file: string, line: number): string[] {
  const out: string[] = [];
  for (const [k, v] of pairs) {
    const index = Number(k);
    if (!Number.isInteger(index) || v === undefined || out[index] !== undefined)
      throw new UserError(`${file}: line ${line + 1}: names must map 0, 1, 2, … to class names`);
    out[index] = scalar(v, file, line);
  }
  if (out.length !== pairs.length) throw new UserError(`${file}: line ${line + 1}: names must number classes 0 to ${pairs.length - 1} without gaps`);
  return out;
}

/** The comma-separated items of a one-line [..] or {..}, quotes respected. */
function flow(text: string, open: string, close: string, file: string, line: number): string[] {
  if (!text.endsWith(close)) throw new UserError(`${file}: line ${line + 1}: ${open}…${close} must close on the same line`);
  const items: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of text.slice(1, -1)) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ',') {
      items.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim() !== '') items.push(cur.trim());
  return items;
}

function scalar(s: string, file: string, line: number): string {
  try {
    if (s.startsWith('"')) return JSON.parse(s) as string;
  } catch {
    throw new UserError(`${file}: line ${line + 1}: cannot read the quoted name ${s}`);
  }
  if (s.startsWith("'") && s.endsWith("'") && s.length >= 2) return s.slice(1, -1).replace(/''/g, "'");
  if (s === '') throw new UserError(`${file}: line ${line + 1}: a class name is empty`);
  return s;
}

function stripComment(s: string): string {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i);
  }
  return s;
}
