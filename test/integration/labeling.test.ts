import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallResults } from '../../shared/api/contract';
import { Core } from '../../electron/core/core';
import { dataset, tempDir } from '../helpers';

let core: Core;
let dir: string;

beforeEach(() => {
  dir = tempDir();
  core = new Core({ dataDir: path.join(dir, 'data'), transport: 'http' });
});
afterEach(() => core.close());

async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResults[K]> {
  const r = await core.dispatch(name, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as CallResults[K];
}

/** A flat, unlabeled folder of 30 digit images taken from the shared digits set. */
async function unlabeledDigits(): Promise<number> {
  const folder = path.join(dir, 'digits');
  fs.mkdirSync(folder);
  for (const d of ['0', '1', '2']) {
    const files = fs.readdirSync(dataset('digits-images', d)).sort().slice(0, 10);
    for (const f of files) fs.copyFileSync(dataset('digits-images', d, f), path.join(folder, `${d}-${f}`));
  }
  const ds = await call('datasets.import', { path: folder, name: 'digits' });
  await call('labels.setSchema', { datasetId: ds.id, task: 'single', classes: [{ name: 'zero' }, { name: 'one' }, { name: 'two' }] });
  return ds.id;
}

describe('labeling', () => {
  it('gives the label set hotkeys 1-9 and refuses duplicate classes or keys', async () => {
    const id = await unlabeledDigits();
    const schema = await call('labels.schema', { datasetId: id });
    expect(schema.classes.map((c) => [c.name, c.hotkey])).toEqual([
      ['zero', '1'],
      ['one', '2'],
      ['two', '3'],
    ]);
    await expect(call('labels.setSchema', { datasetId: id, task: 'single', classes: [{ name: 'a' }, { name: 'a' }] })).rejects.toThrow(/appears twice/);
    await expect(
      call('labels.setSchema', {
        datasetId: id,
        task: 'single',
        classes: [
          { name: 'a', hotkey: 'q' },
          { name: 'b', hotkey: 'q' },
        ],
      }),
    ).rejects.toThrow(/hotkey "q"/);
  });

  it('records labels per labeler, undoes one action at a time, and keeps the whole history', async () => {
    const id = await unlabeledDigits();
    const queue = await call('labels.queue', { datasetId: id, filter: { kind: 'unlabeled' }, limit: 100, labeler: 'ana' });
    expect(queue.total).toBe(30);
    const [a, b, c] = queue.entries;
    expect(a.fileHash).toMatch(/^[0-9a-f]{64}$/);
    expect([a.width, a.height]).toEqual([32, 32]);

    await call('labels.save', { datasetId: id, itemIds: [a.itemId], value: { labels: ['zero'] }, seconds: 1.5, labeler: 'ana' });
    await call('labels.save', { datasetId: id, itemIds: [a.itemId], value: { labels: ['one'] }, seconds: 0.5, labeler: 'ana' });
    await call('labels.save', { datasetId: id, itemIds: [b.itemId, c.itemId], value: { labels: ['two'] }, labeler: 'ana' });
    expect((await call('labels.queue', { datasetId: id, filter: { kind: 'unlabeled' }, labeler: 'ana' })).total).toBe(27);

    // Undo reverts the bulk action first, then the relabel of `a`; never further than asked.
    expect(await call('labels.undo', { datasetId: id, labeler: 'ana' })).toMatchObject({ itemIds: [b.itemId, c.itemId] });
    let page = await call('labels.queue', { datasetId: id, filter: { kind: 'all' }, limit: 3, labeler: 'ana' });
    expect(page.entries.map((e) => e.mine?.labels ?? null)).toEqual([['one'], null, null]);
    expect(await call('labels.undo', { datasetId: id, labeler: 'ana' })).toMatchObject({ itemIds: [a.itemId] });
    page = await call('labels.queue', { datasetId: id, filter: { kind: 'all' }, limit: 1, labeler: 'ana' });
    expect(page.entries[0].mine).toEqual({ labels: ['zero'] });

    const history = await call('labels.history', { datasetId: id, itemId: a.itemId });
    expect(history.annotations.map((h) => [h.kind, h.value?.labels ?? null])).toEqual([
      ['label', ['zero']],
      ['label', ['one']],
      ['undo', ['zero']],
    ]);
    expect(history.annotations[0]).toMatchObject({ labeler: 'ana', seconds: 1.5 });
    // Another labeler's undo never touches ana's labels.
    expect(await call('labels.undo', { datasetId: id, labeler: 'ben' })).toEqual({ actionId: null, itemIds: [] });
  });

  it('rejects a class outside the label set and changes nothing', async () => {
    const id = await unlabeledDigits();
    const [a] = (await call('labels.queue', { datasetId: id, limit: 1 })).entries;
    const before = core.services.db.prepare('SELECT COUNT(*) FROM annotations').pluck().get();
    await expect(call('labels.save', { datasetId: id, itemIds: [a.itemId], value: { labels: ['seven'] } })).rejects.toThrow(
      /"seven" is not in this dataset's label set/,
    );
    await expect(call('labels.save', { datasetId: id, itemIds: [a.itemId, 999_999], value: { labels: ['one'] } })).rejects.toThrow(/not in this dataset/);
    await expect(call('labels.save', { datasetId: id, itemIds: [a.itemId], value: { labels: ['one', 'two'] } })).rejects.toThrow(/exactly one class/);
    expect(core.services.db.prepare('SELECT COUNT(*) FROM annotations').pluck().get()).toBe(before);
    expect(core.services.db.prepare('SELECT COUNT(*) FROM label_actions').pluck().get()).toBe(0);
  });

  it('commits resolved labels as a new version that shares items, then reviews win over votes', async () => {
    const id = await unlabeledDigits();
    const entries = (await call('labels.queue', { datasetId: id, limit: 30 })).entries;
    const truth = (name: string) => ({ '0': 'zero', '1': 'one', '2': 'two' })[name[0]]!;
    for (const e of entries.filter((_, i) => i % 3 === 0))
      await call('labels.save', { datasetId: id, itemIds: [e.itemId], value: { labels: [truth(e.name!)] }, labeler: 'ana' });
    expect((await call('labels.status', { datasetId: id })).uncommitted).toBe(10);
    const itemsBefore = core.services.db.prepare('SELECT COUNT(*) FROM items').pluck().get();

    const v2 = await call('labels.commit', { datasetId: id });
    expect(v2).toMatchObject({ version: 2, rows: 30, labelColumn: 'label', classes: ['one', 'two', 'zero'] });
    expect(core.services.db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(itemsBefore);
    expect((await call('labels.status', { datasetId: id })).uncommitted).toBe(0);
    expect((await call('labels.commit', { datasetId: id })).version).toBe(2);

    // Two labelers disagree with ana on the first item: the majority flips it; a reviewer's fix overrides that.
    const first = entries[0];
    await call('labels.save', { datasetId: id, itemIds: [first.itemId], value: { labels: ['two'] }, labeler: 'ben' });
    await call('labels.save', { datasetId: id, itemIds: [first.itemId], value: { labels: ['two'] }, labeler: 'cy' });
    expect((await call('labels.commit', { datasetId: id })).version).toBe(3);
    const labelAt = (version: number) =>
      core.services.db
        .prepare(
          'SELECT vi.label FROM version_items vi JOIN dataset_versions v ON v.id = vi.version_id WHERE v.dataset_id = ? AND v.version = ? AND vi.position = ?',
        )
        .pluck()
        .get(id, version, first.position);
    expect(labelAt(3)).toBe('two');
    const review = await call('labels.review', { datasetId: id, itemId: first.itemId, verdict: 'fix', value: { labels: ['zero'] }, labeler: 'rev' });
    expect(review).toMatchObject({ reviewer: 'rev', verdict: 'fix' });
    expect((await call('labels.commit', { datasetId: id })).version).toBe(4);
    expect(labelAt(4)).toBe('zero');
    expect(labelAt(2)).toBe('zero');
    expect(labelAt(3)).toBe('two');

    const diff = await call('datasets.diff', { id, from: 3, to: 4 });
    expect(diff).toMatchObject({ relabeled: 1, added: 0, removed: 0 });
  });

  it('reports agreement between labelers and flags ties', async () => {
    const id = await unlabeledDigits();
    const entries = (await call('labels.queue', { datasetId: id, limit: 4 })).entries;
    const give = (labeler: string, labels: string[]) =>
      Promise.all(entries.map((e, i) => call('labels.save', { datasetId: id, itemIds: [e.itemId], value: { labels: [labels[i]] }, labeler })));
    await give('ana', ['zero', 'one', 'two', 'zero']);
    await give('ben', ['zero', 'one', 'one', 'two']);
    const report = await call('labels.agreement', { datasetId: id });
    expect(report).toMatchObject({ items: 4, multiplyLabeled: 4, labelers: ['ana', 'ben'], percentAgreement: 0.5 });
    // sklearn.metrics.cohen_kappa_score(['zero','one','two','zero'], ['zero','one','one','two']) = 0.2727...
    expect(report.cohenKappa).toBeCloseTo(0.272727, 5);
    expect(report.ties.sort()).toEqual([entries[2].itemId, entries[3].itemId].sort());
    const disagreement = await call('labels.queue', { datasetId: id, filter: { kind: 'disagreement' } });
    expect(disagreement.entries.map((e) => e.itemId)).toEqual([entries[2].itemId, entries[3].itemId]);
  });

  it('shows tabular rows field by field and filters by label and labeler', async () => {
    const ds = await call('datasets.import', { path: dataset('iris.csv'), name: 'iris' });
    const page = await call('labels.queue', { datasetId: ds.id, filter: { kind: 'label', label: 'virginica' }, limit: 2 });
    expect(page.total).toBe(50);
    expect(page.entries[0].fields?.map((f) => f.name)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(page.entries[0].versionLabel).toEqual({ labels: ['virginica'] });
    await call('labels.save', { datasetId: ds.id, itemIds: [page.entries[0].itemId], value: { labels: ['setosa'] }, labeler: 'ana' });
    expect((await call('labels.queue', { datasetId: ds.id, filter: { kind: 'label', label: 'virginica' } })).total).toBe(49);
    expect((await call('labels.queue', { datasetId: ds.id, filter: { kind: 'labeler', labeler: 'ana' } })).total).toBe(1);
    const positions = await call('labels.queue', { datasetId: ds.id, filter: { kind: 'positions', positions: [5, 0, 149] } });
    expect(positions.entries.map((e) => e.position)).toEqual([0, 5, 149]);
  });

  it('pages through a queue: each page is its slice of the whole queue, rows and fields included', async () => {
    const ds = await call('datasets.import', { path: dataset('iris.csv'), name: 'iris' });
    const csvRows = fs.readFileSync(dataset('iris.csv'), 'utf8').trim().split('\n').slice(1);
    for (const filter of [{ kind: 'all' }, { kind: 'label', label: 'versicolor' }] as const) {
      const whole = await call('labels.queue', { datasetId: ds.id, filter, limit: 200 });
      const paged = [];
      for (let offset = 0; offset < whole.total; offset += 7)
        paged.push(...(await call('labels.queue', { datasetId: ds.id, filter, offset, limit: 7 })).entries);
      expect(paged).toEqual(whole.entries);
      // Each entry carries its own row's item, not a neighbour's.
      for (const e of paged) expect(e.fields!.map((f) => f.value).join(',')).toBe(csvRows[e.position].split(',').slice(0, 4).map(Number).join(','));
    }
  });
});
