import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from '../../electron/core/pipelines/notify';

const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** A local receiver answering each request with the next status; records the bodies. */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[]; types: string[] }> {
  const bodies: unknown[] = [];
  const types: string[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      types.push(String(req.headers['content-type']));
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/secret-token`, bodies, types };
}

describe('pipeline webhook', () => {
  it('retries 5xx with doubling waits until delivered, logging the host only', async () => {
    const r = await receiver([503, 500, 200]);
    const waits: number[] = [];
    const log: string[] = [];
    const attempts = await postWebhook(
      r.url,
      { pipeline: 'p', status: 'succeeded' },
      3,
      (l) => log.push(l),
      async (ms) => void waits.push(ms),
    );
    expect(attempts).toBe(3);
    expect(waits).toEqual([500, 1000]);
    expect(r.bodies).toEqual([
      { pipeline: 'p', status: 'succeeded' },
      { pipeline: 'p', status: 'succeeded' },
      { pipeline: 'p', status: 'succeeded' },
    ]);
    expect(r.types[0]).toBe('application/json');
    expect(log.join('\n')).not.toContain('secret-token');
    expect(log[log.length - 1]).toMatch(/^webhook 127\.0\.0\.1:\d+: 200 on attempt 3$/);
  });

  it('stops at a 4xx other than 429, in one line', async () => {
    const r = await receiver([404]);
    await expect(
      postWebhook(
        r.url,
        {},
        3,
        () => {},
        async () => {},
      ),
    ).rejects.toThrow(/^webhook 127\.0\.0\.1:\d+: not delivered \(HTTP 404\)$/);
    expect(r.bodies).toHaveLength(1);
  });

  it('gives up after the retries when nothing answers', async () => {
    const r = await receiver([]);
    servers.splice(0).forEach((s) => s.close());
    const waits: number[] = [];
    await expect(
      postWebhook(
        r.url,
        {},
        2,
        () => {},
        async (ms) => void waits.push(ms),
      ),
    ).rejects.toThrow(/not delivered \(.*ECONNREFUSED.*\)/);
    expect(waits).toEqual([500, 1000]);
  });
});
