import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamTable } from '../../electron/core/datasets/csv-parse';
import { fileWindow } from '../../electron/core/pipelines/monitor-trigger';
import { tempDir } from '../helpers';

async function ids(file: string): Promise<string[]> {
  const out: string[] = [];
  await streamTable(file, 'csv', { row: (cells) => void out.push(cells[0]!) });
  return out;
}

describe("a monitored file's window", () => {
  const dir = tempDir('cairn-window-');
  const jobs = path.join(dir, 'jobs');
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  // Reviews hold newlines inside quotes: rows are records, not lines.
  const march = write('month-03.csv', 'id,review,label\n1,"great\nproduct",pos\n2,meh,neg\n3,"two\n\nparagraphs",pos');
  const april = write('month-04.csv', 'id,review,label\r\n4,"broke\r\nafter a week",neg\r\n5,fine,pos\r\n');

  it('counts records, not lines, and puts the previous file before this one', async () => {
    const w = await fileWindow(jobs, march, april);
    expect({ firstRow: w.firstRow, rows: w.rows }).toEqual({ firstRow: 3, rows: 5 });
    const scratch = (w.current as { path: string }).path;
    expect(await ids(scratch)).toEqual(['1', '2', '3', '4', '5']);
    w.cleanup();
    expect(fs.existsSync(scratch)).toBe(false);
  });

  it('is the file alone when there is no previous one or their headers differ', async () => {
    const other = write('month-05.csv', 'id,text,label\n6,"a\nb",pos\n');
    for (const [previous, file, rows] of [
      [undefined, march, 3],
      [april, other, 1],
    ] as const) {
      const w = await fileWindow(jobs, previous, file);
      expect(w).toMatchObject({ current: { path: file }, firstRow: 0, rows });
    }
  });
});
