import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { tempDir } from '../helpers';

// The contract calls the UI uses around evaluations that need no worker: project gates in settings,
// lookups and the errors they give.

let core: Core;

beforeAll(() => {
  core = new Core({ dataDir: tempDir('cairn-eval-calls-'), transport: 'http' });
});

afterAll(() => core.close());

describe('gates and evaluations calls', () => {
  it('stores the project gates in settings after checking each expression', async () => {
    expect(await core.dispatch('gates.get', {})).toEqual({ ok: true, value: { gates: [] } });
    const bad = await core.dispatch('gates.set', { gates: ['accuracy >= 0.9', 'recal[x] >= 0.9'] });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^gate "recal\[x\] >= 0.9": unknown metric "recal"/) },
    });
    expect(await core.dispatch('gates.get', {})).toEqual({ ok: true, value: { gates: [] } });
    const gates = ['accuracy >= 0.9', ' recall[malignant] >= 0.97 ', 'demographic_parity_difference[sex] <= 0.1'];
    expect(await core.dispatch('gates.set', { gates })).toEqual({ ok: true, value: { gates: gates.map((g) => g.trim()) } });
    expect(core.services.db.prepare("SELECT value FROM settings WHERE key = 'gates'").pluck().get()).toBe(JSON.stringify(gates.map((g) => g.trim())));
    expect(await core.dispatch('gates.set', { gates: [] })).toEqual({ ok: true, value: { gates: [] } });
  });

  it('answers not_found for an unknown evaluation, run or model, and lists none yet', async () => {
    expect(await core.dispatch('evaluations.get', { id: 42 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await core.dispatch('evaluations.list', {})).toEqual({ ok: true, value: [] });
    expect(await core.dispatch('evaluations.list', { runId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await core.dispatch('evaluations.list', { model: 'nope@1' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await core.dispatch('evaluations.run', { model: 'nope', data: { path: '/nonexistent.csv' }, gates: ['accuracy >> 1'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('gate "accuracy >> 1"') },
    });
  });
});
