import { describe, expect, it } from 'vitest';
import type { ModelInfo, ModelVersionInfo } from '../../shared/api/calls/models';
import type { RunSummary } from '../../shared/domain';
import { pageTitle } from '../../renderer/src/features/shell/pageTitle';
import { modelChoices, searchChoices } from '../../renderer/src/lib/modelChoices';
import { parseRoute } from '../../renderer/src/lib/route';

describe('page titles', () => {
  it('name the page, and the object once its name is known', () => {
    expect(pageTitle(parseRoute('#/experiments'))).toBe('All runs · Cairn');
    expect(pageTitle(parseRoute('#/runs/3f2a1b2c9d'), { run: 'iris-mlp-3' })).toBe('Run iris-mlp-3 · Cairn');
    // Before the run has loaded, its short id stands in.
    expect(pageTitle(parseRoute('#/runs/3f2a1b2c9d'))).toBe('Run 3f2a1b2c · Cairn');
    expect(pageTitle(parseRoute('#/models/iris-clf'))).toBe('Model iris-clf · Cairn');
    expect(pageTitle(parseRoute('#/datasets/4'), { dataset: 'adult' })).toBe('Dataset adult · Cairn');
    expect(pageTitle(parseRoute('#/datasets/4/label?view=grid'), { dataset: 'digits' })).toBe('Label digits · Cairn');
    expect(pageTitle(parseRoute('#/monitoring'))).toBe('Drift · Cairn');
    expect(pageTitle(parseRoute('#/monitoring/timeline'))).toBe('Timeline · Cairn');
    expect(pageTitle(parseRoute('#/evaluations/12'))).toBe('Evaluation #12 · Cairn');
    expect(pageTitle(parseRoute('#/pipelines'))).toBe('Pipelines · Cairn');
    expect(pageTitle(parseRoute('#/pipelines/runs/7'))).toBe('Pipeline run #7 · Cairn');
  });

  it('differ between every main page', () => {
    const hashes = [
      '#/experiments',
      '#/datasets',
      '#/monitoring',
      '#/monitoring/timeline',
      '#/sweeps',
      '#/models',
      '#/settings',
      '#/new-run',
      '#/evaluations/new',
      '#/pipelines',
    ];
    const titles = hashes.map((h) => pageTitle(parseRoute(h)));
    expect(new Set(titles).size).toBe(hashes.length);
    expect(titles.every((t) => t.endsWith(' · Cairn'))).toBe(true);
  });
});

describe('model choices', () => {
  const version = (v: number, runId: string | null): ModelVersionInfo => ({
    id: v,
    model: 'iris-clf',
    version: v,
    runId,
    source: runId ? 'run' : 'import',
    description: '',
    classes: ['a', 'b'],
    createdAt: v,
    aliases: [],
    lineage: { runId, runName: null, dataset: { name: 'iris', version: v, hash: 'h' }, config: {}, metrics: {}, engine: null, imported: null },
  });
  const models: ModelInfo[] = [{ id: 1, name: 'iris-clf', createdAt: 1, versions: [version(1, 'run-one-0000'), version(2, null)], aliases: { champion: 1 } }];
  const run = (id: string, name: string, status: RunSummary['status']) => ({ id, name, status, datasetName: 'iris', datasetVersion: 1 }) as RunSummary;

  it('lists aliases, then versions newest first, then finished runs only, each with the run behind it', () => {
    const choices = modelChoices(models, [run('run-one-0000', 'iris-mlp-3', 'finished'), run('run-two-0000', 'crashed', 'failed')]);
    expect(choices.map((c) => [c.ref, c.runId, c.group])).toEqual([
      ['iris-clf@champion', 'run-one-0000', 'Registered models'],
      ['iris-clf@v2', null, 'Registered models'],
      ['iris-clf@v1', 'run-one-0000', 'Registered models'],
      ['run-one-0000', 'run-one-0000', 'Finished runs'],
    ]);
    expect(choices[3].label).toBe('iris-mlp-3 · run-one- · iris@1');
  });

  it('finds a run by its name, every word in any case', () => {
    const choices = modelChoices(models, [run('run-one-0000', 'iris-mlp-3', 'finished')]);
    expect(searchChoices(choices, 'MLP-3').map((c) => c.ref)).toEqual(['run-one-0000']);
    expect(searchChoices(choices, 'iris champion').map((c) => c.ref)).toEqual(['iris-clf@champion']);
    expect(searchChoices(choices, '  ')).toHaveLength(choices.length);
    expect(searchChoices(choices, 'nothing-like-it')).toEqual([]);
  });
});
