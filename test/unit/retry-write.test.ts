import { describe, expect, it } from 'vitest';
import { retryWrite } from '../../electron/core/store/retry-write';

function sqliteError(code: string): Error {
  return Object.assign(new Error(code === 'SQLITE_BUSY' ? 'database is locked' : 'database or disk is full'), { code });
}

describe('retryWrite', () => {
  it('tries a locked write again until it goes through', async () => {
    let tries = 0;
    const value = await retryWrite(() => {
      if (++tries < 4) throw sqliteError('SQLITE_BUSY');
      return 'written';
    }, 5000);
    expect(value).toBe('written');
    expect(tries).toBe(4);
  });

  it('gives up on a lock held past its time, with the lock error', async () => {
    let tries = 0;
    const started = Date.now();
    await expect(
      retryWrite(() => {
        tries++;
        throw sqliteError('SQLITE_BUSY');
      }, 300),
    ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(tries).toBeGreaterThan(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not retry anything else (a full disk stays full)', async () => {
    let tries = 0;
    await expect(
      retryWrite(() => {
        tries++;
        throw sqliteError('SQLITE_FULL');
      }, 5000),
    ).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(tries).toBe(1);
  });
});
