// JSON.parse in Node 20 names the bad token but not always where it is; a large annotations
// file needs the line. This walks the grammar only after a parse has failed.

/** Line and column (from 1) of the first JSON syntax error in `text`; null if none is found. */
export function jsonErrorPosition(text: string): { line: number; column: number } | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw new SyntaxError();
  };
  const expect = (s: string) => (text.startsWith(s, i) ? (i += s.length) : fail());
  const string = () => {
    expect('"');
    while (text[i] !== '"') {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\')
        i += text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) ? 6 : '"\\/bfnrt'.includes(text[i + 1] ?? 'x') ? 2 : fail();
      else i++;
    }
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (close === '}') {
          ws();
          string();
          ws();
          expect(':');
        }
        value();
        ws();
        if (text[i] === close) return void i++;
        expect(',');
      }
    }
    if (c === '"') return string();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0] !== '') return void (i += m[0].length);
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return void (i += word.length);
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return null;
  } catch (err) {
    if (!(err instanceof SyntaxError)) return null;
    const before = text.slice(0, i).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  }
}
