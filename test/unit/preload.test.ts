import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../electron/main/channels';
import type { CallResponse } from '../../shared/api/contract';
import type { DesktopBridge } from '../../shared/api/desktop';
import { desktopApi } from '../../renderer/src/api/desktop';
import { CairnCallError } from '../../renderer/src/api/errors';

// The preload under a stand-in `electron`: what it exposes, and what main answers over IPC.
const exposed: { cairn?: DesktopBridge } = {};
let answer: CallResponse<unknown> = { ok: true, value: null };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: 'cairn', api: DesktopBridge) => (exposed[key] = api) },
  ipcRenderer: { invoke: async () => answer, on: () => {}, removeListener: () => {} },
  webUtils: { getPathForFile: () => '' },
}));

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

  // contextBridge copies what crosses it as a structured clone, which keeps an Error's message
  // and drops its own properties: an error code thrown in the preload would never reach the page.
  it('hands the page errors that keep their code and field issues after crossing the bridge', async () => {
    expect((structuredClone(Object.assign(new Error('x'), { code: 'invalid_input' })) as { code?: string }).code).toBeUndefined();
    await import('../../electron/preload/preload');
    const bridge = exposed.cairn!;
    const crossing: DesktopBridge = { ...bridge, invoke: async (name, input) => structuredClone(await bridge.invoke(name, input)) };
    const api = desktopApi(crossing);

    answer = { ok: false, error: { code: 'invalid_input', message: 'epochs: too big', issues: [{ path: ['epochs'], message: 'too big' }] } };
    const err = await api.call('runs.list', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CairnCallError);
    expect(err).toMatchObject({ code: 'invalid_input', message: 'epochs: too big', issues: [{ path: ['epochs'], message: 'too big' }] });

    answer = { ok: true, value: { runs: [] } };
    expect(await api.call('runs.list', {})).toEqual({ runs: [] });
  });
});
