/** "key=value" as typed in the tag boxes and given to `cairn runs tag`; the value may be empty, the key may not. */
export function parseTag(text: string): { key: string; value: string } | null {
  const eq = text.indexOf('=');
  if (eq <= 0) return null;
  const key = text.slice(0, eq).trim();
  return key ? { key, value: text.slice(eq + 1).trim() } : null;
}
