import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn, dataset, tempDir } from '../helpers';

// Default hotkeys and their checks through `cairn labels schema`, on digits whose classes are 0-9.

let dir: string;

const cairn = cliOn(() => path.join(dir, 'data'), 60_000);

const keysOf = (json: string) =>
  Object.fromEntries((JSON.parse(json) as { classes: { name: string; hotkey: string }[] }).classes.map((c) => [c.name, c.hotkey]));

beforeAll(() => {
  dir = tempDir('cairn-hotkeys-');
  // Two images per digit, one folder per class.
  for (const d of '0123456789') {
    fs.mkdirSync(path.join(dir, 'digits', d), { recursive: true });
    for (const f of fs.readdirSync(dataset('digits-images', d)).sort().slice(0, 2))
      fs.copyFileSync(dataset('digits-images', d, f), path.join(dir, 'digits', d, f));
  }
  const r = cairn(['datasets', 'import', path.join(dir, 'digits'), '--name', 'digits', '--json']);
  expect(r.code, r.stderr).toBe(0);
});

describe('labels schema hotkeys', () => {
  it('gives each digit class its own digit as the key', () => {
    const r = cairn(['labels', 'schema', 'digits', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(keysOf(r.stdout)).toEqual(Object.fromEntries([...'0123456789'].map((d) => [d, d])));
  });

  it('keeps a mixed set free of collisions and workspace keys', () => {
    const r = cairn(['labels', 'schema', 'digits', '--classes', 'cat,1,s,dog,3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(keysOf(r.stdout)).toEqual({ cat: '2', '1': '1', s: '4', dog: '5', '3': '3' });
  });

  it('refuses a key that is a workspace key or another class’s, in one line, and changes nothing', () => {
    const before = cairn(['labels', 'schema', 'digits', '--json']).stdout;
    const reserved = cairn(['labels', 'schema', 'digits', '--hotkey', 'cat=g']);
    expect(reserved.code).not.toBe(0);
    expect(reserved.stderr.trim()).toMatch(/^cairn: The hotkey "g" of "cat" is a workspace key \(s n b p g x a r f z\); pick another$/);
    const taken = cairn(['labels', 'schema', 'digits', '--hotkey', 'cat=1']);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr.trim()).toBe('cairn: The hotkey "1" is given to both "cat" and "1"');
    const long = cairn(['labels', 'schema', 'digits', '--hotkey', 'cat=ct']);
    expect(long.stderr.trim()).toBe('cairn: The hotkey of "cat" must be one visible character, not "ct"');
    const unknown = cairn(['labels', 'schema', 'digits', '--hotkey', 'owl=o']);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/--hotkey owl=o: give it as <class>=<key> for one of cat, 1, s, dog, 3/);
    expect(cairn(['labels', 'schema', 'digits', '--json']).stdout).toBe(before);
  });

  it('keeps the stored keys of a saved set when only its task or one key changes', () => {
    const r = cairn(['labels', 'schema', 'digits', '--hotkey', 'cat=c', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(keysOf(r.stdout)).toEqual({ cat: 'c', '1': '1', s: '4', dog: '5', '3': '3' });
    const multi = cairn(['labels', 'schema', 'digits', '--task', 'multi', '--json']);
    expect(multi.code, multi.stderr).toBe(0);
    expect(keysOf(multi.stdout)).toEqual({ cat: 'c', '1': '1', s: '4', dog: '5', '3': '3' });
  });
});
