import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../electron/core/data-dir';

describe('resolveDataDir', () => {
  it('prefers the flag, then CAIRN_DATA_DIR, then the per-user folder', () => {
    expect(resolveDataDir('/x/flag', { CAIRN_DATA_DIR: '/x/env' })).toBe(path.resolve('/x/flag'));
    expect(resolveDataDir(undefined, { CAIRN_DATA_DIR: '/x/env' })).toBe(path.resolve('/x/env'));
    expect(resolveDataDir(undefined, {}, '/x/userData')).toBe(path.resolve('/x/userData'));
    if (process.platform === 'linux') expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/Cairn');
  });
});
