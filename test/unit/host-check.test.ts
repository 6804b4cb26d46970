import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { exposesToNetwork, hostCheck } from '../../electron/server/host-check';

const check = hostCheck(['Cairn.Example.org']);
const allows = (host: string | undefined, origin?: string) => check.allows({ host, ...(origin === undefined ? {} : { origin }) });
const address = Object.values(os.networkInterfaces())
  .flatMap((l) => l ?? [])
  .find((a) => !a.internal && a.family === 'IPv4')?.address;

describe('hostCheck', () => {
  it('takes loopback names and addresses, the hostname, interface addresses and allowed names, with or without a port', () => {
    for (const host of [
      'localhost:7860',
      'LOCALHOST',
      '127.0.0.1:1',
      '127.5.6.7',
      '[::1]:7860',
      '[::1]',
      `${os.hostname()}:7860`,
      'cairn.example.org',
      'cairn.example.org.:443',
    ]) {
      expect([host, allows(host)]).toEqual([host, true]);
    }
    if (address) expect(allows(`${address}:7860`)).toBe(true);
  });

  it('refuses other names, look-alikes and malformed Host headers', () => {
    for (const host of [
      undefined,
      '',
      'evil.com',
      'localhost.evil.com',
      '127.0.0.1.nip.io',
      'evil.com:7860@localhost',
      'localhost:7860:1',
      '[::2]',
      '::1',
      'cairn.example.org.evil.com',
      '[localhost]',
    ]) {
      expect([host, allows(host)]).toEqual([host, false]);
    }
  });

  it('takes an Origin only when it is the same host and port over http or https', () => {
    expect(allows('localhost:7860', 'http://localhost:7860')).toBe(true);
    expect(allows('cairn.example.org', 'https://cairn.example.org')).toBe(true);
    for (const origin of ['http://evil.com', 'http://localhost:7861', 'null', 'file://', 'http://localhost:7860.evil.com', 'chrome-extension://x', '']) {
      expect([origin, allows('localhost:7860', origin)]).toEqual([origin, false]);
    }
  });

  it('calls a bind exposed unless it is loopback', () => {
    expect(['127.0.0.1', 'localhost', '::1', '127.0.1.1'].map(exposesToNetwork)).toEqual([false, false, false, false]);
    expect(['0.0.0.0', '::', '192.168.1.5'].map(exposesToNetwork)).toEqual([true, true, true]);
  });
});
