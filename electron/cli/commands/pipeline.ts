import type { Command } from 'commander';
import type { PipelineRunRecord, PipelineRunStatus } from '../../../shared/pipelines/run';
import { UserError } from '../../core/errors';
import { call, withCore, withLocalCore, type GlobalOptions } from '../context';
import { parseNumber, printJson, printTable } from '../output';
import { GATE_FAILED_EXIT } from './evaluate';

/** Exit code of a run left waiting for a person's approval (CI reads it). */
export const WAITING_EXIT = 6;

const EXIT: Record<PipelineRunStatus | 'nothing_to_do', number> = {
  succeeded: 0,
  nothing_to_do: 0,
  rejected: 0,
  gate_failed: GATE_FAILED_EXIT,
  waiting_approval: WAITING_EXIT,
  failed: 1,
  interrupted: 1,
  running: 1,
};

export function registerPipeline(program: Command, globals: () => GlobalOptions): void {
  const pipeline = program.command('pipeline').description('automated pipelines: import, check, train, evaluate, compare, promote on a trigger');

  pipeline
    .command('run <spec.yaml>')
    .description(
      'run the pipeline once: for the oldest new file or dataset version (manual and schedule: now); exit 0 done or nothing to do, 5 a gate failed, 6 waiting for approval',
    )
    .option('--json', 'print JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const { loadPipelineSpec } = await import('../../core/pipelines/spec-file');
      const loaded = loadPipelineSpec(file);
      await withLocalCore(globals(), async (core) => {
        const { PipelineRunner } = await import('../../core/pipelines/runner');
        const runner = new PipelineRunner(core.services);
        for (const r of await runner.recover(loaded, (id) => process.stderr.write(`run #${id} was cut short when its process died; carrying it on\n`))) {
          process.stderr.write(`run #${r.id}: ${r.status}${r.reason ? ` (${r.reason})` : ''}\n`);
        }
        const next = await runner.nextTrigger(loaded, (line) => process.stderr.write(`${line}\n`));
        const run = next.trigger ? await runner.start(loaded, next.trigger) : null;
        if (!run) {
          const nothing = { status: 'nothing_to_do' as const, steps: [], decision: null, reason: next.trigger ? runner.notStarted(loaded) : next.reason };
          if (o.json) printJson(nothing);
          else process.stdout.write(`${loaded.spec.name}: nothing to do (${nothing.reason})\n`);
          return;
        }
        if (next.trigger && next.waiting > 0)
          process.stderr.write(`${next.waiting} more trigger${next.waiting > 1 ? 's' : ''} waiting; run again, or use \`cairn pipeline watch\`\n`);
        show(run, o.json);
        process.exitCode = EXIT[run.status];
      });
    });

  pipeline
    .command('watch <spec.yaml>')
    .description('run the pipeline on every trigger until stopped; carries on runs a dead watcher left behind')
    .option('--json', 'print each finished run as one JSON line')
    .action(async (file: string, o: { json?: boolean }) => {
      const { loadPipelineSpec } = await import('../../core/pipelines/spec-file');
      const loaded = loadPipelineSpec(file);
      await withLocalCore(globals(), async (core) => {
        const { watchPipeline } = await import('../../core/pipelines/watcher');
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        try {
          await watchPipeline(core.services, loaded, {
            signal: stop.signal,
            onLog: (line) => process.stderr.write(`${line}\n`),
            onRun: (run) =>
              o.json
                ? process.stdout.write(JSON.stringify(run) + '\n')
                : process.stdout.write(`run #${run.id} (${run.trigger.label}): ${run.status}, ${run.decision ?? '-'}${run.reason ? `: ${run.reason}` : ''}\n`),
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      });
    });

  pipeline
    .command('list')
    .description('pipeline runs, newest first')
    .option('--pipeline <name>', 'only this pipeline')
    .option('--limit <n>', 'at most this many', parseNumber('--limit', true), 50)
    .option('--json', 'print JSON')
    .action(async (o: { pipeline?: string; limit: number; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const runs = await call(core, 'pipelines.runs', { pipeline: o.pipeline, limit: o.limit });
        if (o.json) printJson(runs);
        else
          printTable(
            ['RUN', 'PIPELINE', 'TRIGGER', 'STATUS', 'DECISION', 'STARTED'],
            runs.map((r) => [r.id, r.pipeline, r.trigger, r.status, r.decision, new Date(r.createdAt).toISOString()]),
          );
      });
    });

  pipeline
    .command('show <run>')
    .description("a pipeline run: each step's status, duration, outputs and log")
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        show(await call(core, 'pipelines.get', { id: runNumber(id) }), o.json, true);
      });
    });

  for (const verb of ['approve', 'reject'] as const) {
    pipeline
      .command(`${verb} <run>`)
      .description(
        verb === 'approve'
          ? "make a waiting run's challenger champion, and run the steps after it"
          : "keep the champion: the waiting run's challenger is not promoted",
      )
      .requiredOption('--reason <text>', 'why (kept with the run and in the alias history)')
      .option('--by <name>', 'who decides (default: the labeler name in settings, else the OS user)')
      .option('--json', 'print JSON')
      .action(async (id: string, o: { reason: string; by?: string; json?: boolean }) => {
        if (o.reason.trim() === '') throw new UserError('--reason must say why');
        await withCore(globals(), async (core) => {
          const run = await call(core, verb === 'approve' ? 'pipelines.approve' : 'pipelines.reject', { id: runNumber(id), reason: o.reason.trim(), by: o.by });
          show(run, o.json);
          process.exitCode = EXIT[run.status];
        });
      });
  }
}

function runNumber(raw: string): number {
  const n = Number(raw.replace(/^#/, ''));
  if (!Number.isInteger(n) || n < 1) throw new UserError(`"${raw}" is not a pipeline run number; see \`cairn pipeline list\``);
  return n;
}

function show(run: PipelineRunRecord, json?: boolean, withLogs = false): void {
  if (json) {
    printJson(run);
    return;
  }
  const w = (s: string) => process.stdout.write(s + '\n');
  w(`${run.pipeline} run #${run.id} (${run.trigger.label}): ${run.status}${run.decision ? `, ${run.decision}` : ''}`);
  printTable(
    ['STEP', 'STATUS', 'SECONDS', 'NOTE'],
    run.steps.map((s) => [s.name, s.status, s.durationMs === null ? '' : (s.durationMs / 1000).toFixed(1), s.error ?? s.log[s.log.length - 1] ?? '']),
  );
  if (run.reason) w(`why: ${run.reason}`);
  for (const a of run.approvals) w(`${a.decision} by ${a.by} at ${new Date(a.at).toISOString()}: ${a.reason}`);
  if (withLogs) for (const s of run.steps.filter((x) => x.log.length)) w(`\n[${s.name}]\n${s.log.join('\n')}`);
}
