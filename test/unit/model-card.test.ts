import { describe, expect, it } from 'vitest';
import type { EvaluationReport, FairnessColumnReport } from '../../shared/api/calls/evaluation';
import type { GateStatus } from '../../shared/api/calls/models';
import type { TabularSpec } from '../../shared/ml/tabular';
import { modelCard, type CardFacts } from '../../electron/core/export/bundle/model-card';
import type { ModelSource } from '../../electron/core/registry/model-source';

// The card from facts as the exporter gathers them: a registered binary classifier, evaluated on
// the test part of its dataset with gates and one sensitive column, made champion by override.

const spec: TabularSpec = {
  kind: 'tabular',
  features: [
    { name: 'age', kind: 'numeric', index: 0, mean: 38.6, std: 13.6 },
    { name: 'sex', kind: 'categorical', index: 1, categories: ['Female', 'Male'] },
  ],
  width: 3,
  ignored: [],
};

const source: ModelSource = {
  label: 'adult-clf v2',
  runId: '3f2a1b2c9d8e7f60',
  model: { name: 'adult-clf', version: 2, versionId: 7 },
  classes: ['<=50K', '>50K'],
  preprocessing: spec,
  files: {},
  createdAt: Date.UTC(2026, 11, 1, 9, 30),
  lineage: {
    runId: '3f2a1b2c9d8e7f60',
    runName: 'adult-mlp-3',
    dataset: { name: 'adult', version: 2, hash: 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12', rows: 32561 },
    config: {
      model: 'mlp',
      epochs: 12,
      batchSize: 256,
      learningRate: 0.001,
      optimizer: 'adam',
      validationSplit: 0.2,
      seed: 42,
      mlp: { hiddenUnits: [64, 32] },
    },
    metrics: { accuracy: 0.851, loss: 0.32, val_accuracy: 0.846, val_loss: 0.331 },
    engine: { engine: 'wasm', device: 'cpu', backend: 'wasm', tfjsVersion: '4.22.0', fallbacks: [] },
    imported: null,
    trainingRows: { source: 'split', validationFraction: null, seed: 42, trainRows: 22792, validationRows: 4884 },
  },
};

const fairness = {
  column: 'sex',
  positiveClass: '>50K',
  groups: [{ group: 'Female' }, { group: 'Male' }],
  demographicParityDifference: { between_groups: 0.1812, to_overall: 0.12 },
  equalizedOddsDifference: { between_groups: 0.0934, to_overall: 0.05 },
  fourFifths: { ratio: 0.31, passes: false, adverselyImpacted: ['Female'] },
} as unknown as FairnessColumnReport;

const report = {
  data: { label: 'adult@2', rows: 4885, labelColumn: 'income' },
  split: 'test',
  trainingOverlap: 0,
  classes: ['<=50K', '>50K'],
  positiveClass: '>50K',
  overall: { count: 4885, accuracy: 0.8493, balancedAccuracy: 0.7712, f1Macro: 0.7811, rocAuc: 0.9012, logLoss: 0.3301, ece: 0.0123 },
  // What makes the raw report long: per-class curves, slices, the confusion rows.
  perClass: Array.from({ length: 2 }, (_, i) => ({ label: String(i), roc: { fpr: Array(200).fill(0.5), tpr: Array(200).fill(0.5) } })),
  confusion: {
    labels: ['<=50K', '>50K'],
    matrix: [
      [3500, 200],
      [536, 649],
    ],
    rows: [[Array.from({ length: 3500 }, (_, i) => i)]],
  },
  fairness: [fairness],
  drift: null,
  gates: [
    { expression: 'accuracy >= 0.9', metric: 'accuracy', argument: null, value: 0.8493, op: '>=', threshold: 0.9, passed: false },
    {
      expression: 'demographic_parity_difference[sex] <= 0.2',
      metric: 'demographic_parity_difference',
      argument: 'sex',
      value: 0.1812,
      op: '<=',
      threshold: 0.2,
      passed: true,
    },
  ],
  warnings: [],
} as unknown as EvaluationReport;

const gate: GateStatus = {
  status: 'failed',
  evaluationId: 5,
  evaluatedAt: Date.UTC(2026, 11, 2, 14, 5),
  report,
  message: 'its latest held-out evaluation #5 failed the quality gates',
};

const facts: CardFacts = {
  source,
  spec,
  gate,
  onnx: { included: true, file: 'model.onnx', input: 'input', output: 'output', opset: 13, input_description: '' },
  cairnVersion: '0.1.0',
  opset: 13,
  description: 'Flags applications for manual income verification.',
  datasetRows: 32561,
  aliasMoves: [
    { alias: 'challenger', version: 2, previousVersion: null, movedAt: Date.UTC(2026, 11, 2, 10, 0), reason: null, override: false },
    {
      alias: 'champion',
      version: 2,
      previousVersion: 1,
      movedAt: Date.UTC(2026, 11, 2, 15, 0),
      reason: 'accuracy gate waived by the risk board for the pilot',
      override: true,
    },
  ],
};

describe('model card', () => {
  const { markdown, html } = modelCard(facts);
  const lines = markdown.split('\n');
  const section = (name: string) => {
    const at = lines.indexOf(`## ${name}`);
    expect(at, `section ${name}`).toBeGreaterThan(0);
    const next = lines.findIndex((l, i) => i > at && l.startsWith('## '));
    return lines.slice(at + 1, next < 0 ? undefined : next).join('\n');
  };

  it('is short enough to read in two minutes, with the raw evaluation left to evaluation.json', () => {
    expect(lines.length).toBeLessThan(120);
    expect(markdown).not.toContain('```');
    expect(markdown).not.toContain('"perClass"');
    expect(markdown).toContain('The whole evaluation (per class, slices, calibration, confusion matrix) is in evaluation.json.');
  });

  it('has the sections a reviewer looks for, in order', () => {
    const headings = lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    expect(headings).toEqual(['Intended use', 'Data', 'Metrics', 'Quality gates', 'Fairness', 'Limitations and caveats', 'Lineage', 'How it was trained']);
    expect(section('Intended use')).toContain('Flags applications for manual income verification.');
  });

  it('names the data with versions and rows, and each metric with the rows it came from', () => {
    const data = section('Data');
    expect(data).toContain('| Training data | adult@2 | 32561 | `ab12cd34ef56` |');
    expect(data).toContain("| Fitted on | its training rows, from the version's stored split | 22792 |  |");
    expect(data).toContain('| Evaluated on | `test` part of adult@2 | 4885 |  |');
    const metrics = section('Metrics');
    expect(metrics).toContain('| accuracy | 0.8493 | evaluation: `test` part of adult@2, 4885 rows |');
    expect(metrics).toContain('| val_accuracy | 0.8460 | training run, last epoch: validation rows (4884 rows) |');
    expect(metrics).toContain('| loss | 0.3200 | training run, last epoch: training rows (22792 rows) |');
  });

  it('summarizes gates and fairness', () => {
    const gates = section('Quality gates');
    expect(gates).toContain('Failed: its latest held-out evaluation #5 failed the quality gates.');
    expect(gates).toContain('| `accuracy >= 0.9` | 0.8493 | failed |');
    expect(section('Fairness')).toContain('| `sex` | 2 | 0.1812 | 0.0934 | fails (0.3100; adversely impacted: Female) |');
  });

  it('traces dataset version -> run -> evaluation -> aliases, with the override and its reason', () => {
    const lineage = section('Lineage').split('\n').filter(Boolean);
    expect(lineage).toEqual([
      `- Dataset adult@2 (content hash \`${source.lineage.dataset!.hash}\`)`,
      '- Run "adult-mlp-3" `3f2a1b2c9d8e7f60`',
      '- Evaluation #5 (2026-12-02 14:05 UTC): failed',
      '- Registered as adult-clf v2',
      '- Alias `challenger` moved here 2026-12-02 10:00 UTC',
      '- Alias `champion` moved here 2026-12-02 15:00 UTC from v1 as an override of the quality gates: "accuracy gate waived by the risk board for the pilot"',
    ]);
  });

  it('lists training settings, not the whole configuration', () => {
    expect(section('How it was trained')).toContain(
      'Settings: epochs 12, batchSize 256, learningRate 0.001, optimizer adam, validationSplit 0.2, seed 42 (the full configuration is in manifest.json)',
    );
    expect(html).toContain('<h2>Lineage</h2>');
    expect(html).toContain('<td><code>ab12cd34ef56</code></td>');
  });

  it('says so when there is no evaluation, rather than showing empty sections', () => {
    const bare = modelCard({
      ...facts,
      gate: { status: 'none', evaluationId: null, evaluatedAt: null, report: null, message: 'no evaluation of this version against the quality gates yet' },
      aliasMoves: [],
    }).markdown;
    expect(bare).toContain('No sensitive columns were evaluated; group fairness is unknown.');
    expect(bare).toContain("No evaluation yet: the only numbers are the training run's own.");
    expect(bare).not.toContain('evaluation.json');
  });
});
