import { describe, expect, it } from 'vitest';
import { closestMatches } from '../../shared/closest-matches';
import { generateTrials } from '../../shared/sweeps/generate';
import { trainConfigSchema } from '../../shared/training/config';
import { sweepSpecSchema } from '../../shared/sweeps/spec';
import { runCalls } from '../../shared/api/calls/runs';
import { CONFIG_PATHS, getConfigPath, resolveConfigKey, setConfigPath, strictTrainConfigSchema } from '../../shared/training/config-paths';

const parse = (space: object, extra: object = {}) => sweepSpecSchema.safeParse({ dataset: 'iris', method: 'grid', space, ...extra });
const firstError = (r: ReturnType<typeof parse>) => (r.success ? null : `${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`);

describe('closestMatches', () => {
  it('ranks case and separator slips, prefixes and abbreviations before edits', () => {
    const params = ['activation', 'batchSize', 'dropout', 'epochs', 'hiddenUnits', 'learningRate', 'model', 'optimizer', 'seed', 'validationSplit'];
    expect(closestMatches('lr', params)).toEqual(['learningRate']);
    expect(closestMatches('learningrate', params)[0]).toBe('learningRate');
    expect(closestMatches('hidenUnits', params)).toEqual(['hiddenUnits']);
    expect(closestMatches('val_acc', ['loss', 'val_accuracy', 'val_loss'])[0]).toBe('val_accuracy');
    expect(closestMatches('batch_size', params)).toEqual(['batchSize']);
    expect(closestMatches('zzzz', params)).toEqual([]);
  });
});

describe('config paths', () => {
  it('come from the config schema: every leaf, nullable sections whole, plain sections never', () => {
    const paths = [...CONFIG_PATHS.keys()];
    expect(paths).toEqual(
      expect.arrayContaining(['learningRate', 'mlp.hiddenUnits', 'mlp.dropout', 'cnn.filters', 'earlyStopping', 'earlyStopping.patience', 'engine']),
    );
    expect(paths).not.toContain('mlp');
    expect(paths).not.toContain('cnn');
  });

  it('resolve params-table names and train flags to paths for the model that trains', () => {
    expect(resolveConfigKey('hiddenUnits', 'mlp')).toEqual({ ok: true, path: 'mlp.hiddenUnits' });
    expect(resolveConfigKey('hidden-units', 'mlp')).toEqual({ ok: true, path: 'mlp.hiddenUnits' });
    expect(resolveConfigKey('lr', 'mlp')).toEqual({ ok: true, path: 'learningRate' });
    expect(resolveConfigKey('dropout', 'mlp')).toEqual({ ok: true, path: 'mlp.dropout' });
    expect(resolveConfigKey('dropout', 'cnn')).toEqual({ ok: true, path: 'cnn.dropout' });
    expect(resolveConfigKey('filters', 'cnn')).toEqual({ ok: true, path: 'cnn.filters' });
  });

  it("refuse what would be ignored: typos, prototype keys, another model's fields, ambiguous names", () => {
    const typo = resolveConfigKey('learningrate', 'mlp');
    expect(typo.ok).toBe(false);
    expect(!typo.ok && typo.message).toMatch(
      /^unknown config key "learningrate"; did you mean learningRate\b.*\(valid keys: model, mlp.hiddenUnits, .*learningRate/,
    );
    for (const key of ['__proto__.x', 'constructor', 'mlp.prototype', '__proto__'])
      expect(resolveConfigKey(key, 'mlp'), key).toMatchObject({ ok: false, message: expect.stringMatching(/is not a config key.*valid keys/) });
    expect(resolveConfigKey('filters', 'mlp')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/cnn.filters has no effect: the trials train mlp models/),
    });
    expect(resolveConfigKey('cnn.kernelSize', 'mlp')).toMatchObject({ ok: false });
    expect(resolveConfigKey('dropout', null)).toMatchObject({ ok: false, message: expect.stringMatching(/mlp.dropout or cnn.dropout/) });
    expect(resolveConfigKey('hiddenUnits', null)).toEqual({ ok: true, path: 'mlp.hiddenUnits' });
  });

  it('set and read a path without touching the input or reaching a prototype', () => {
    const base = { mlp: { activation: 'tanh' } };
    const set = setConfigPath(base, 'mlp.hiddenUnits', [8]);
    expect(set).toEqual({ mlp: { activation: 'tanh', hiddenUnits: [8] } });
    expect(base).toEqual({ mlp: { activation: 'tanh' } });
    expect(() => setConfigPath({}, '__proto__.polluted', 1)).toThrow(/unknown config key/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [t] = generateTrials(sweepSpecSchema.parse({ dataset: 'iris', method: 'grid', space: { 'earlyStopping.patience': { values: [2] } } }));
    expect(getConfigPath(t.config, 'earlyStopping.patience')).toBe(2);
  });
});

describe('sweep spec keys', () => {
  it('turns params-table names into config paths, and trials train what they record', () => {
    const spec = sweepSpecSchema.parse({ dataset: 'iris', method: 'grid', space: { hiddenUnits: { values: [[16], [4, 4]] }, lr: { values: [0.01] } } });
    expect(Object.keys(spec.space).sort()).toEqual(['learningRate', 'mlp.hiddenUnits']);
    const trials = generateTrials(spec);
    expect(trials.map((t) => t.config.mlp.hiddenUnits)).toEqual([[16], [4, 4]]);
    for (const t of trials) for (const [k, v] of Object.entries(t.params)) expect(getConfigPath(t.config, k)).toEqual(v);
  });

  it('refuses unknown keys, clashes and values of the wrong type before any trial, at the key', () => {
    expect(firstError(parse({ learningrate: { values: [0.1] } }))).toMatch(/^space.learningrate: unknown config key "learningrate"; did you mean learningRate/);
    expect(firstError(parse({ '__proto__.x': { values: [1] } }))).toMatch(/^space.__proto__.x: "__proto__.x" is not a config key/);
    // JSON.parse makes "__proto__" an own key, which zod alone would drop without a word.
    expect(firstError(parse(JSON.parse('{"__proto__": {"values": [1]}, "learningRate": {"values": [0.1]}}')))).toMatch(
      /^space.__proto__: "__proto__" is not a config key \(valid keys: /,
    );
    expect(firstError(parse({ hiddenUnits: { values: [[8]] }, 'mlp.hiddenUnits': { values: [[4]] } }))).toMatch(/both set mlp.hiddenUnits/);
    expect(firstError(parse({ epochs: { values: [5, 'ten'] } }))).toMatch(/^space.epochs: "ten" is not a valid epochs: .*expected number/);
    expect(firstError(parse({ hiddenUnits: { min: 4, max: 64, steps: 3 } }))).toMatch(
      /^space.hiddenUnits: a range gives numbers: 4 is not a valid mlp.hiddenUnits/,
    );
    expect(firstError(parse({ learningRate: { min: 0, max: 1, steps: 3 } }))).toMatch(/0 is not a valid learningRate/);
    expect(firstError(parse({ dropout: { values: [0.1] }, model: { values: ['mlp', 'cnn'] } }))).toMatch(
      /space.dropout: "dropout" means mlp.dropout or cnn.dropout/,
    );
    expect(parse({ 'mlp.dropout': { values: [0.1] }, 'cnn.dropout': { values: [0.2] }, model: { values: ['mlp', 'cnn'] } }).success).toBe(true);
    expect(firstError(parse({ filters: { values: [[8]] } }, { base: { model: 'cnn' } }))).toBeNull();
  });
});

describe('configs people write', () => {
  it('refuse keys the schema would drop, at any depth, naming the path meant', () => {
    const bad = (raw: unknown) => {
      const r = strictTrainConfigSchema.safeParse(raw);
      return r.success ? null : `${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`;
    };
    expect(bad({ hiddenUnits: [8] })).toMatch(/^: unknown config key "hiddenUnits"; did you mean mlp.hiddenUnits\? \(valid keys: /);
    expect(bad({ mlp: { hidenUnits: [8] } })).toMatch(/^mlp: unknown config key "mlp.hidenUnits"; did you mean mlp.hiddenUnits\?/);
    expect(bad({ earlyStopping: { patients: 3 } })).toMatch(
      /^earlyStopping: unknown config key "earlyStopping.patients"; did you mean earlyStopping.patience\?/,
    );
    expect(bad(JSON.parse('{"__proto__": {"polluted": 1}}'))).toMatch(/unknown config key "__proto__"/);
    // What it accepts, it reads exactly as the plain schema does, defaults included.
    expect(strictTrainConfigSchema.parse({ mlp: { hiddenUnits: [8] }, earlyStopping: { patience: 2 } })).toEqual(
      trainConfigSchema.parse({ mlp: { hiddenUnits: [8] }, earlyStopping: { patience: 2 } }),
    );
    expect(strictTrainConfigSchema.parse({})).toEqual(trainConfigSchema.parse({}));
  });

  it("are a sweep's base and the config of runs.start", () => {
    const sweep = sweepSpecSchema.safeParse({ dataset: 'iris', base: { epochs: 2, hiddenUnits: [8] }, space: { learningRate: { values: [0.1] } } });
    expect(sweep.success).toBe(false);
    expect(sweep.error!.issues[0].path).toEqual(['base']);
    expect(sweep.error!.issues[0].message).toMatch(/^unknown config key "hiddenUnits"; did you mean mlp.hiddenUnits/);
    const start = runCalls['runs.start'].safeParse({ datasetId: 1, config: { learningrate: 0.1 } });
    expect(start.success).toBe(false);
    expect(start.error!.issues[0].message).toMatch(/^unknown config key "learningrate"; did you mean learningRate/);
  });
});
