import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import seedrandom from 'seedrandom';
import type { CallInput, CallName, CallResults } from '../shared/api/contract';
import { LabelingSession, type SessionApi } from '../shared/labeling-client/session';
import { Core } from '../electron/core/core';

export interface LabelingFigures {
  items: number;
  save: { count: number; p50Ms: number; p95Ms: number };
  next: { items: number; thinkMs: number; prefetchP50Ms: number; prefetchP95Ms: number; onDemandP50Ms: number; onDemandP95Ms: number; ratioP50: number };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Distinct random 24×24 images, so every thumbnail is made (cold) when first asked for. */
async function writeImages(folder: string, count: number): Promise<void> {
  fs.mkdirSync(folder, { recursive: true });
  const r = seedrandom('labeling');
  for (let i = 0; i < count; i += 64) {
    await Promise.all(
      Array.from({ length: Math.min(64, count - i) }, (_, j) => {
        const pixels = Buffer.alloc(24 * 24 * 3);
        for (let k = 0; k < pixels.length; k++) pixels[k] = Math.floor(r() * 256);
        return sharp(pixels, { raw: { width: 24, height: 24, channels: 3 } })
          .png()
          .toFile(path.join(folder, `img-${String(i + j).padStart(5, '0')}.png`));
      }),
    );
  }
}

/**
 * The labeling workspace against a real core through Core.dispatch, on an unlabeled image
 * dataset of 10,000 items:
 * - labels.save latency, one item per call, as the workspace sends them;
 * - next-item latency: from the key that labels an item to the next one being ready to show
 *   (its queue entry in memory and its 256 px thumbnail read through the media service), for a fast
 *   labeler (`thinkMs` per item), with the session's prefetch (pages ahead, 5 images ahead)
 *   and without (entry and image fetched when reached), in the same run on fresh items each.
 */
export async function benchLabeling(dir: string, count = 10_000, nextItems = 150, thinkMs = 40): Promise<LabelingFigures> {
  const root = path.join(dir, 'labeling');
  const folder = path.join(root, 'images');
  await writeImages(folder, count);
  const core = new Core({ dataDir: path.join(root, 'data'), transport: 'http' });
  try {
    const api: SessionApi = {
      async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResults[K]> {
        // IPC and HTTP answer on a later turn of the event loop, never inside the caller's own turn.
        await new Promise((r) => setImmediate(r));
        const r = await core.dispatch(name, input);
        if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
        return r.value as CallResults[K];
      },
    };
    const ds = await api.call('datasets.import', { path: folder, name: 'bench-images' });
    const datasetId = ds.id;
    await api.call('labels.setSchema', { datasetId, task: 'single', classes: ['a', 'b', 'c', 'd'].map((name) => ({ name })) });

    // Save latency: the last items of the dataset, so the next-item runs below start on fresh ones.
    const tail = (await api.call('labels.queue', { datasetId, filter: { kind: 'all' }, offset: count - 1000, limit: 1000 })).entries;
    const saves: number[] = [];
    for (const [i, e] of tail.slice(0, 500).entries()) {
      const t = performance.now();
      await api.call('labels.save', { datasetId, itemIds: [e.itemId], value: { labels: [['a', 'b', 'c', 'd'][i % 4]] }, seconds: 1 });
      saves.push(performance.now() - t);
    }

    const preload = async (entry: { fileHash: string | null }) => {
      const file = await core.services.media.resolve(entry.fileHash!, 256);
      await fs.promises.readFile(file.file);
    };
    const pass = async (prefetch: boolean): Promise<number[]> => {
      const session = new LabelingSession(
        prefetch
          ? { api, datasetId, filter: { kind: 'unlabeled' }, preload }
          : { api, datasetId, filter: { kind: 'unlabeled' }, preload, pageSize: 1, lowWater: 0, preloadAhead: 0 },
      );
      await session.start();
      await session.whenReady(0);
      const waits: number[] = [];
      for (let i = 0; i < nextItems; i++) {
        await sleep(thinkMs);
        const t = performance.now();
        session.labelCurrent({ labels: ['a'] });
        await session.whenReady(session.cursor);
        waits.push(performance.now() - t);
      }
      await session.settled();
      return waits;
    };
    const withPrefetch = await pass(true);
    const onDemand = await pass(false);

    return {
      items: count,
      save: { count: saves.length, p50Ms: round(quantile(saves, 0.5)), p95Ms: round(quantile(saves, 0.95)) },
      next: {
        items: nextItems,
        thinkMs,
        prefetchP50Ms: round(quantile(withPrefetch, 0.5)),
        prefetchP95Ms: round(quantile(withPrefetch, 0.95)),
        onDemandP50Ms: round(quantile(onDemand, 0.5)),
        onDemandP95Ms: round(quantile(onDemand, 0.95)),
        ratioP50: quantile(onDemand, 0.5) / Math.max(quantile(withPrefetch, 0.5), 0.001),
      },
    };
  } finally {
    core.close();
  }
}
