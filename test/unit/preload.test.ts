import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../electron/main/channels';

// A sandboxed preload can require only `electron`; it spells the channel names out instead.
describe('preload', () => {
  const source = fs.readFileSync(path.resolve(__dirname, '../../electron/preload/preload.ts'), 'utf8');

  it('uses the same channel names as main', () => {
    expect(source).toContain(`'${CALL_CHANNEL}'`);
    expect(source).toContain(`'${EVENT_CHANNEL}'`);
  });

  it('imports nothing at run time but electron', () => {
    const runtimeImports = [...source.matchAll(/^import (?!type)[^;]*from '([^']+)'/gm)].map((m) => m[1]);
    expect(runtimeImports).toEqual(['electron']);
  });
});
