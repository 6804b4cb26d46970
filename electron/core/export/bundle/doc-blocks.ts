// A tiny document model so the model card comes out as both Markdown and HTML from one source.

export type Block =
  { h: string } | { p: string } | { list: string[] } | { table: { head: string[]; rows: string[][] } } | { code: { lang: string; text: string } };

export function toMarkdown(title: string, blocks: Block[]): string {
  const out = [`# ${title}`, ''];
  for (const b of blocks) {
    if ('h' in b) out.push(`## ${b.h}`, '');
    else if ('p' in b) out.push(b.p, '');
    else if ('list' in b) out.push(...b.list.map((i) => `- ${i}`), '');
    else if ('table' in b) {
      const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
      out.push(row(b.table.head), row(b.table.head.map(() => '---')), ...b.table.rows.map(row), '');
    } else out.push('```' + b.code.lang, b.code.text, '```', '');
  }
  return out.join('\n');
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline `code` and _emphasis_ as in the Markdown; everything else escaped. */
function inline(s: string): string {
  return esc(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/(^|\s)_([^_]+)_(?=\s|$|[.,;:])/g, '$1<em>$2</em>');
}

export function toHtml(title: string, blocks: Block[]): string {
  const body = blocks.map((b) => {
    if ('h' in b) return `<h2>${esc(b.h)}</h2>`;
    if ('p' in b) return `<p>${inline(b.p)}</p>`;
    if ('list' in b) return `<ul>${b.list.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
    if ('table' in b) {
      const head = `<tr>${b.table.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
      return `<table>${head}${b.table.rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</table>`;
    }
    return `<pre><code class="language-${esc(b.code.lang)}">${esc(b.code.text)}</code></pre>`;
  });
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(title)}</title>`,
    '<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}pre{background:#f5f5f5;padding:.75rem;overflow:auto}</style>',
    '</head><body>',
    `<h1>${esc(title)}</h1>`,
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}
