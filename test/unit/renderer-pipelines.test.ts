import { describe, expect, it } from 'vitest';
import type { PipelineStepRecord } from '../../shared/pipelines/run';
import { pipelineSpecSchema } from '../../shared/pipelines/spec';
import { driftColumns, outputRows, stepDuration, stepLinks, triggerText, waitingStep } from '../../renderer/src/features/pipelines/pipelineView';
import { parseRoute, routeHref, type Route } from '../../renderer/src/lib/route';

const step = (over: Partial<PipelineStepRecord>): PipelineStepRecord => ({
  name: 's',
  type: 'quality',
  status: 'succeeded',
  startedAt: 1000,
  endedAt: 3000,
  durationMs: 2000,
  log: [],
  outputs: {},
  error: null,
  ...over,
});

describe('pipeline routes', () => {
  it('round-trip the list and a run, and refuse anything else', () => {
    const routes: Route[] = [{ name: 'pipelines' }, { name: 'pipeline-run', pipelineRunId: 12 }];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
    expect(routeHref({ name: 'pipeline-run', pipelineRunId: 12 })).toBe('#/pipelines/runs/12');
    for (const bad of ['#/pipelines/runs/x', '#/pipelines/runs/0', '#/pipelines/runs', '#/pipelines/iris', '#/pipelines/runs/3/more'])
      expect(parseRoute(bad).name).toBe('not-found');
  });
});

describe('pipeline view helpers', () => {
  it('say each trigger kind in a few words, with the schema defaults filled in', () => {
    const spec = (trigger: unknown) => pipelineSpecSchema.parse({ name: 'p', dataset: 'iris', model: 'm', trigger, steps: [{ type: 'quality' }] }).trigger;
    expect(triggerText(spec({ kind: 'manual' }), 'iris')).toBe('manual');
    expect(triggerText(spec({ kind: 'watch', folder: 'drop' }), 'iris')).toBe('watch *.csv in drop every 5 s');
    expect(triggerText(spec({ kind: 'dataset' }), 'iris')).toBe('new versions of iris');
    expect(triggerText(spec({ kind: 'dataset', dataset: 'adult' }), 'iris')).toBe('new versions of adult');
    expect(triggerText(spec({ kind: 'schedule', cron: '0 3 * * 1', timezone: 'Europe/Paris' }), 'iris')).toBe('schedule 0 3 * * 1 (Europe/Paris)');
    expect(triggerText(spec({ kind: 'monitor', model: 'income@champion', folder: 'inbox', on: ['sudden', 'gradual'] }), 'adult')).toBe(
      'monitor income@champion on *.csv in inbox: sudden, gradual',
    );
    expect(
      triggerText(spec({ kind: 'monitor', model: 'income@champion', dataset: 'adult', on: ['value_drop'], values: { tp: 1, fp: 0, tn: 1, fn: 0 } }), 'adult'),
    ).toBe('monitor income@champion on new versions of adult: value_drop');
  });

  it('time a running step from its start, an ended one by its duration', () => {
    expect(stepDuration(step({ status: 'running', startedAt: 1000, endedAt: null, durationMs: null }), 4500)).toBe(3500);
    expect(stepDuration(step({}), 99_999)).toBe(2000);
    expect(stepDuration(step({ status: 'pending', startedAt: null, endedAt: null, durationMs: null }), 5000)).toBeNull();
  });

  it('link each output to its page: run, evaluations, dataset versions known by name, model, drift', () => {
    const ids = new Map([['iris', 4]]);
    expect(stepLinks(step({ type: 'train', outputs: { runId: 'abcdef0123456789', minutes: 0.1 } }), ids)).toEqual([
      { label: 'Training run abcdef01', href: '#/runs/abcdef0123456789' },
    ]);
    expect(stepLinks(step({ type: 'compare', outputs: { challengerEvaluationId: 3, championEvaluationId: 2, champion: { version: 1 } } }), ids)).toEqual([
      { label: 'Challenger evaluation #3', href: '#/evaluations/3' },
      { label: 'Champion evaluation #2', href: '#/evaluations/2' },
    ]);
    expect(stepLinks(step({ type: 'import', outputs: { versionId: 9, dataset: 'iris', version: 2 } }), ids)).toEqual([
      { label: 'Dataset iris@2', href: '#/datasets/4' },
    ]);
    expect(stepLinks(step({ type: 'quality', outputs: { version: 'iris@1' } }), ids)).toEqual([{ label: 'Dataset iris@1', href: '#/datasets/4' }]);
    // A dataset the page does not know (deleted since) gets no link.
    expect(stepLinks(step({ type: 'quality', outputs: { version: 'gone@1' } }), ids)).toEqual([]);
    expect(stepLinks(step({ type: 'promote', outputs: { model: 'iris clf', modelVersion: 2, alias: 'champion' } }), ids)).toEqual([
      { label: 'Model iris clf v2', href: '#/models/iris%20clf' },
    ]);
    expect(stepLinks(step({ type: 'drift', outputs: { reference: 'iris@1', current: 'iris@1', columns: [] } }), ids)).toEqual([
      { label: 'Dataset iris@1', href: '#/datasets/4' },
      { label: 'Drift page', href: '#/monitoring' },
    ]);
    // A skipped drift step has no report to link.
    expect(stepLinks(step({ type: 'drift', status: 'skipped', outputs: { championVersion: null } }), ids)).toEqual([]);
  });

  it('read a drift step report and show the other outputs as plain values', () => {
    const drift = step({
      type: 'drift',
      outputs: { share: 0.25, columns: [{ name: 'a', test: 'ks', score: 0.01, scoreKind: 'p_value', threshold: 0.05, drifted: true }] },
    });
    expect(driftColumns(drift)).toEqual([{ name: 'a', test: 'ks', score: 0.01, threshold: 0.05, drifted: true }]);
    expect(driftColumns(step({ type: 'quality', outputs: { columns: [] } }))).toBeNull();
    expect(outputRows(drift.outputs)).toEqual([['share', '0.2500']]);
    expect(outputRows({ rows: 150, version: 'iris@1', gates: [{ metric: 'm', passed: true }], none: null })).toEqual([
      ['rows', '150'],
      ['version', 'iris@1'],
      ['gates', '[{"metric":"m","passed":true}]'],
    ]);
  });

  it('find the step a person decides on only while the run waits', () => {
    const steps = [step({ name: 'register' }), step({ name: 'promote', status: 'waiting' })];
    expect(waitingStep({ status: 'waiting_approval', steps })?.name).toBe('promote');
    expect(waitingStep({ status: 'succeeded', steps })).toBeNull();
  });
});
