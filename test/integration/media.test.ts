import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { startServer, type RunningServer } from '../../electron/server/http-server';
import { readOrCreateToken, tokenReader } from '../../electron/server/token';
import { tempDir } from '../helpers';

let core: Core;
let server: RunningServer;
let dataDir: string;
let token: string;
let hash: string;

beforeAll(async () => {
  const dir = tempDir();
  dataDir = path.join(dir, 'data');
  core = new Core({ dataDir, transport: 'http' });
  token = readOrCreateToken(dataDir);
  server = await startServer(core, { host: '127.0.0.1', port: 0, token: tokenReader(dataDir), staticDir: tempDir() });
  const png = await sharp({ create: { width: 600, height: 300, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();
  hash = core.services.blobs.put(png);
});
afterAll(async () => {
  await server.close();
  core.close();
});

const get = (p: string) => fetch(`http://127.0.0.1:${server.port}${p}`);

describe('media route', () => {
  it('serves a stored image with its type, and only with the token', async () => {
    expect((await get(`/media/${hash}`)).status).toBe(401);
    const res = await get(`/media/${hash}?token=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([600, 300]);
  });

  it('makes a WebP thumbnail once, keeps the aspect ratio, and caches it on disk', async () => {
    const res = await get(`/media/${hash}?size=128&token=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 128, 64]);
    const cached = path.join(dataDir, 'thumbs', '128', hash.slice(0, 2), `${hash}.webp`);
    const made = fs.statSync(cached).mtimeMs;
    await get(`/media/${hash}?size=128&token=${token}`);
    expect(fs.statSync(cached).mtimeMs).toBe(made);
  });

  it('answers bad sizes, unknown hashes and non-hashes with a clear status', async () => {
    expect((await get(`/media/${hash}?size=100&token=${token}`)).status).toBe(400);
    expect((await get(`/media/${'0'.repeat(64)}?token=${token}`)).status).toBe(404);
    const traversal = await get(`/media/..%2F..%2Fcairn.db?token=${token}`);
    expect(traversal.status).toBe(400);
  });

  it('answers a thumbnail of a stored file that does not decode with one line, leaving no temp file', async () => {
    const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 1, g: 2, b: 3 } } })
      .png()
      .toBuffer();
    const damaged = core.services.blobs.put(png.subarray(0, 50));
    const res = await get(`/media/${damaged}?size=64&token=${token}`);
    expect(res.status).toBe(501);
    expect(await res.text()).toMatch(new RegExp(`^Stored file ${damaged} is not a readable image \\(.+\\)$`));
    const dir = path.join(dataDir, 'thumbs', '64', damaged.slice(0, 2));
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });
});
