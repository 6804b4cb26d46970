import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCliStartup } from './cli-startup';
import { benchCompareQuery } from './compare-query';
import { benchAdultDrift } from './drift-adult';
import { benchImport } from './import';
import { benchLabeling } from './labeling';
import { benchLabels } from './labels';
import { benchMetricIngest } from './metrics';
import { benchRunsTable } from './runs-table';
import { benchStats } from './stats';
import { benchTraining } from './training';

// `npm run bench`: figures, not pass/fail. Each comparison's baseline runs in the same process.

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-'));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(`Cairn bench on ${os.cpus().length} x ${cpu}, Node ${process.version}\n\n`);

  const cli = benchCliStartup(dir);
  process.stdout.write(`CLI start-up (median of 7)\n`);
  process.stdout.write(`  cairn --version                ${cli.versionMs.toFixed(0)} ms (goal <= 2x node -e 0)\n`);
  process.stdout.write(`  baseline: node -e 0            ${cli.nodeMs.toFixed(0)} ms\n`);
  process.stdout.write(`  ratio                          ${(cli.versionMs / cli.nodeMs).toFixed(2)}x\n`);
  process.stdout.write(`  cairn runs list --json, ${cli.runs.toLocaleString('en')} runs  ${cli.runsListMs.toFixed(0)} ms (goal <= 250 ms)\n\n`);

  const ingest = benchMetricIngest(dir);
  process.stdout.write(`metric ingest (${ingest.points} points, batches of 500)\n`);
  process.stdout.write(`  through the core   ${Math.round(ingest.corePointsPerSec).toLocaleString('en')} points/s\n`);
  process.stdout.write(`  raw sqlite loop    ${Math.round(ingest.rawPointsPerSec).toLocaleString('en')} points/s\n`);
  process.stdout.write(`  ratio core/raw     ${ingest.ratio.toFixed(2)}\n\n`);

  const table = benchRunsTable(dir);
  process.stdout.write(`runs table over ${table.runs.toLocaleString('en')} runs (filter + sort by a metric, 100 rows)\n`);
  process.stdout.write(`  one page in the store        ${table.pageMs.toFixed(1)} ms (goal < 50 ms)\n`);
  process.stdout.write(`  baseline: load all, JS sort  ${table.loadAllMs.toFixed(1)} ms\n`);
  process.stdout.write(`  ratio baseline/page          ${table.ratio.toFixed(1)}x\n\n`);

  const compare = benchCompareQuery(dir);
  process.stdout.write(`compare query, ${compare.runs} runs x ${compare.pointsPerRun.toLocaleString('en')} steps, ~2,000 points per series\n`);
  process.stdout.write(
    `  chart-ready from buckets     ${compare.chartReadyMs.toFixed(0)} ms first call, ${compare.chartReadyWarmMs.toFixed(0)} ms warm (goal < 150 ms)\n`,
  );
  process.stdout.write(`  baseline: read every point   ${compare.readAllMs.toFixed(0)} ms (measured on ${compare.baselineRuns} runs, scaled)\n`);
  process.stdout.write(`  ratio baseline/buckets       ${compare.ratio.toFixed(1)}x\n\n`);

  const imp = await benchImport(dir);
  process.stdout.write(`dataset import, ${imp.rows.toLocaleString('en')} rows x 12 columns (${imp.megabytes.toFixed(0)} MB CSV)\n`);
  process.stdout.write(
    `  streamed through the core    ${(imp.importMs / 1000).toFixed(1)} s, ${Math.round(imp.rowsPerSec).toLocaleString('en')} rows/s, peak RSS ${imp.peakRssMb.toFixed(0)} MB (process of its own)\n`,
  );
  process.stdout.write(
    `  baseline: whole-file parse   ${(imp.baselineMs / 1000).toFixed(1)} s, peak RSS ${imp.baselinePeakRssMb.toFixed(0)} MB (parse only: no types, hashes or store)\n`,
  );
  if ('why' in imp.pandas) process.stdout.write(`  baseline: pandas read_csv     not run (${imp.pandas.why})\n`);
  else {
    process.stdout.write(`  baseline: pandas read_csv     ${(imp.pandas.ms / 1000).toFixed(1)} s (pandas ${imp.pandas.version}, timed inside python)\n`);
    process.stdout.write(`  ratio pandas/import          ${(imp.pandas.ms / imp.importMs).toFixed(2)}x (goal >= 0.25)\n`);
  }
  const ofCsv = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB, ${(bytes / imp.csvBytes).toFixed(2)}x the CSV (goal <= 4x)`;
  process.stdout.write(`  written by the import         ${imp.writtenBytes === null ? 'unknown (no /proc/self/io)' : ofCsv(imp.writtenBytes)}\n`);
  process.stdout.write(`  data folder after             ${ofCsv(imp.dataDirBytes)}\n`);
  process.stdout.write(`  idle process, same modules   peak RSS ${imp.idlePeakRssMb.toFixed(0)} MB\n`);
  process.stdout.write(
    `  ratio import/baseline        ${(imp.importMs / imp.baselineMs).toFixed(1)}x time, ${((imp.peakRssMb - imp.idlePeakRssMb) / (imp.baselinePeakRssMb - imp.idlePeakRssMb)).toFixed(2)}x memory above idle\n`,
  );
  process.stdout.write(
    `  training on it, 1 epoch MLP   ${(imp.training.ms / 1000).toFixed(1)} s for ${imp.training.trainRows.toLocaleString('en')} train rows, worker peak RSS ${imp.training.workerPeakRssMb.toFixed(0)} MB (goal < 1,024 MB)\n`,
  );
  process.stdout.write(
    `  predicting it with that run  ${(imp.predict.ms / 1000).toFixed(1)} s to a CSV, peak RSS ${imp.predict.peakRssMb.toFixed(0)} MB (the worker's apart)\n`,
  );
  const s = imp.atScale;
  process.stdout.write(
    `  labeling it: queue page at row 500,000 ${s.queuePageMs.toFixed(0)} ms, label-filtered page ${s.filteredPageMs.toFixed(0)} ms, labels.save ${s.saveMs.toFixed(1)} ms, labels.status ${s.statusMs.toFixed(0)} ms\n`,
  );
  process.stdout.write(
    `  datasets.split of it ${(s.splitMs / 1000).toFixed(1)} s, labels.commit of a few relabeled rows ${(s.commitMs / 1000).toFixed(1)} s, datasets.quality ${(s.qualityMs / 1000).toFixed(1)} s, labels.suggest for every item ${(s.suggestMs / 1000).toFixed(1)} s\n\n`,
  );

  const labels = benchLabels();
  process.stdout.write(`label statistics\n`);
  process.stdout.write(
    `  confident learning, ${labels.confidentLearning.items.toLocaleString('en')} items x ${labels.confidentLearning.classes} classes   ${labels.confidentLearning.ms} ms\n`,
  );
  process.stdout.write(
    `  Krippendorff's alpha, ${labels.krippendorff.items.toLocaleString('en')} items x ${labels.krippendorff.labelers} labelers  ${labels.krippendorff.ms} ms\n\n`,
  );

  const lw = await benchLabeling(dir);
  process.stdout.write(`labeling workspace, ${lw.items.toLocaleString('en')} unlabeled images, through Core.dispatch\n`);
  process.stdout.write(`  labels.save, one item          p50 ${lw.save.p50Ms} ms, p95 ${lw.save.p95Ms} ms (${lw.save.count} saves)\n`);
  process.stdout.write(
    `  next item, prefetch            p50 ${lw.next.prefetchP50Ms} ms, p95 ${lw.next.prefetchP95Ms} ms (goal < 50 ms; ${lw.next.items} items, ${lw.next.thinkMs} ms per label)\n`,
  );
  process.stdout.write(`  baseline: fetch when reached   p50 ${lw.next.onDemandP50Ms} ms, p95 ${lw.next.onDemandP95Ms} ms\n`);
  process.stdout.write(`  ratio baseline/prefetch        ${lw.next.ratioP50.toFixed(1)}x\n\n`);

  const stats = benchStats();
  process.stdout.write(`evaluation and drift (goal < 1 s each)\n`);
  process.stdout.write(`  evaluate ${stats.evaluationRows.toLocaleString('en')} predictions, 3 classes, all metrics   ${stats.evaluationMs.toFixed(0)} ms\n`);
  process.stdout.write(
    `  drift ${stats.driftRows.toLocaleString('en')} x ${stats.driftColumns} columns, with histograms       ${stats.driftMs.toFixed(0)} ms\n`,
  );
  process.stdout.write(`  drift, reference under 1,000 rows (KS, chi-square, Z tests)  ${stats.driftSmallReferenceMs.toFixed(0)} ms\n`);
  const adult = await benchAdultDrift(dir, path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'datasets'));
  process.stdout.write(`  drift report on Adult, ${adult.rows.toLocaleString('en')} x ${adult.columns} columns, store + CSV   ${adult.ms.toFixed(0)} ms\n`);
  process.stdout.write('\n');

  const engine = process.env.CAIRN_BENCH_ENGINE;
  const t = await benchTraining(engine);
  process.stdout.write(`training, batch ${t.batchSize}, Adam, on ${t.engine} (${t.backend}, ${t.device.toUpperCase()})\n`);
  process.stdout.write(`  MLP 784-256-128-10                  ${t.mlpSamplesPerSec.toLocaleString('en')} samples/s (${t.mlpMsPerBatch} ms/batch)\n`);
  process.stdout.write(`  CNN conv16-pool-conv32-pool-dense64 ${t.cnnSamplesPerSec.toLocaleString('en')} samples/s (${t.cnnMsPerBatch} ms/batch)\n`);
  const torch = pytorchTwin(t.batchSize);
  if ('why' in torch) {
    process.stdout.write(`  baseline: PyTorch twin not run (${torch.why})\n`);
  } else {
    process.stdout.write(
      `  baseline: PyTorch ${torch.torch}, 1 thread  MLP ${torch.mlpSamplesPerSec.toLocaleString('en')}, CNN ${torch.cnnSamplesPerSec.toLocaleString('en')} samples/s\n`,
    );
    process.stdout.write(
      `  ratio Cairn/PyTorch                  MLP ${(t.mlpSamplesPerSec / torch.mlpSamplesPerSec).toFixed(2)}x (goal >= 0.35), CNN ${(t.cnnSamplesPerSec / torch.cnnSamplesPerSec).toFixed(2)}x (goal >= 0.3)\n`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** bench/pytorch_twin.py with one thread, where python3 has torch (the system one first: Debian's torch is there); the same models and batch. */
function pytorchTwin(batch: number): { torch: string; mlpSamplesPerSec: number; cnnSamplesPerSec: number } | { why: string } {
  const script = path.resolve(__dirname, '..', '..', 'bench', 'pytorch_twin.py');
  const r = spawnSync(process.env.CAIRN_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'), [script, String(batch)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    timeout: 120_000,
  });
  if (r.error) return { why: `python3 not found` };
  if (r.status !== 0)
    return {
      why: /No module named 'torch'/.test(r.stderr)
        ? 'python3 has no torch; Debian: apt-get install python3-torch'
        : (r.stderr.trim().split('\n').pop() ?? 'failed'),
    };
  return JSON.parse(r.stdout) as { torch: string; mlpSamplesPerSec: number; cnnSamplesPerSec: number };
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
