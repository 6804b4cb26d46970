import { describe, expect, it } from 'vitest';
import { trainConfigSchema } from '../../shared/training/config';
import { buildStartInput, fieldSource, formFromConfig, initialForm } from '../../renderer/src/features/new-run/formModel';

describe('new run form', () => {
  it('a cloned run fills the form with its config, which builds back to the same config', () => {
    const config = trainConfigSchema.parse({
      learningRate: 0.02,
      batchSize: 8,
      epochs: 3,
      seed: 9,
      mlp: { hiddenUnits: [16], activation: 'tanh', dropout: 0.1 },
      earlyStopping: { patience: 2 },
    });
    const form = formFromConfig(config, { datasetId: '4', experiment: 'sweep' });
    const built = buildStartInput(form);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.input.datasetId).toBe(4);
    expect(built.input.experiment).toBe('sweep');
    expect(trainConfigSchema.parse(built.input.config)).toEqual(config);
  });

  it('says where each value came from', () => {
    const base = initialForm();
    const state = { form: { ...base, learningRate: '0.5' }, baseForm: base, base: { kind: 'default' as const } };
    expect(fieldSource(state, 'learningRate')).toBe('edited');
    expect(fieldSource(state, 'epochs')).toBe('default');
    const cloned = { ...state, base: { kind: 'clone' as const, runId: 'r1', runName: 'wide' } };
    expect(fieldSource(cloned, 'epochs')).toBe('from wide');
  });
});
