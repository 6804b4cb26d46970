import type { Command } from 'commander';
import type { QueueEntry, QueueFilter } from '../../../shared/labeling/types';
import { UserError } from '../../core/errors';
import { call, withCore, type CliCore, type GlobalOptions } from '../context';
import { fmt, parseDatasetRef, parseNumber, printJson, printTable } from '../output';
import { follow, report } from './train';

interface Common {
  json?: boolean;
  labeler?: string;
}

export function registerLabels(program: Command, globals: () => GlobalOptions): void {
  const labels = program
    .command('labels')
    .description('label a dataset: label set, queues, labels per labeler, reviews, commits, agreement, model suggestions and likely label errors');

  labels
    .command('schema <dataset>')
    .description('show the label set, or set it with --task, --classes and/or --hotkey')
    .option('--task <single|multi|boxes>', 'single-label, multi-label or bounding boxes')
    .option('--classes <list>', 'the classes, comma-separated, in hotkey order')
    .option('--hotkey <class=key...>', 'give a class its key (default: the class name when it is one free character, else 1-9 then letters)')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { task?: string; classes?: string; hotkey?: string[]; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const datasetId = await latestDataset(core, ref);
        let schema = await call(core, 'labels.schema', { datasetId });
        if (o.task !== undefined || o.classes !== undefined || o.hotkey !== undefined) {
          const classes: { name: string; hotkey?: string; color?: string }[] =
            o.classes === undefined ? schema.classes.map((c) => ({ ...c })) : o.classes.split(',').map((name) => ({ name: name.trim() }));
          for (const raw of o.hotkey ?? []) {
            const eq = raw.lastIndexOf('=');
            const cls = classes.find((c) => c.name === raw.slice(0, eq));
            if (eq < 0 || !cls)
              throw new UserError(`--hotkey ${raw}: give it as <class>=<key> for one of ${classes.map((c) => c.name).join(', ') || 'no classes yet'}`);
            cls.hotkey = raw.slice(eq + 1);
          }
          schema = await call(core, 'labels.setSchema', { datasetId, task: (o.task ?? schema.task) as 'single', classes });
        }
        if (o.json) return printJson(schema);
        process.stdout.write(`${schema.task}-label${schema.task === 'boxes' ? ' (boxes)' : ''}\n`);
        printTable(
          ['KEY', 'CLASS'],
          schema.classes.map((c) => [c.hotkey, c.name]),
        );
      });
    });

  labels
    .command('status <dataset>')
    .description('items labeled, uncommitted, reviewed; labelers; suggestions and likely label errors')
    .option('--labeler <name>', 'whose view (default: the labeler name in settings)')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: Common) => {
      await withCore(globals(), async (core) => {
        const s = await call(core, 'labels.status', { datasetId: await latestDataset(core, ref), labeler: o.labeler });
        if (o.json) return printJson(s);
        process.stdout.write(
          `version ${s.version}: ${s.labeled} of ${s.items} labeled, ${s.uncommitted} uncommitted, ${s.reviewed} reviewed, ${s.issues} likely label errors\n`,
        );
        if (s.suggestionsFrom) process.stdout.write(`suggestions from run ${s.suggestionsFrom}\n`);
        if (s.labelers.length)
          printTable(
            ['LABELER', 'ITEMS', 'SECONDS'],
            s.labelers.map((l) => [l.labeler, l.items, fmt(l.seconds, 1)]),
          );
      });
    });

  labels
    .command('queue <dataset>')
    .description('the items to label next, by filter')
    .option('--filter <filter>', 'all, unlabeled, label:<class>, labeler:<name>, disagreement, errors, uncertain or unreviewed', 'all')
    .option('--limit <n>', 'items to list', parseNumber('--limit', true), 20)
    .option('--offset <n>', 'items to skip', parseNumber('--offset', true), 0)
    .option('--labeler <name>', 'whose labels count as "mine"')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: Common & { filter: string; limit: number; offset: number }) => {
      await withCore(globals(), async (core) => {
        const page = await call(core, 'labels.queue', {
          datasetId: await latestDataset(core, ref),
          filter: parseFilter(o.filter),
          limit: o.limit,
          offset: o.offset,
          labeler: o.labeler,
        });
        if (o.json) return printJson(page);
        printTable(['POSITION', 'LABEL', 'MINE', 'SUGGESTION', 'MARGIN', 'ISSUE'], page.entries.map(queueRow));
        process.stdout.write(`${page.entries.length} of ${page.total}\n`);
      });
    });

  labels
    .command('set <dataset>')
    .description('label the items at these positions of the latest version (one undoable action)')
    .requiredOption('--position <n...>', 'row positions (0-based), as `labels queue` shows them')
    .requiredOption('--class <class...>', 'the class (several for a multi-label set)')
    .option('--labeler <name>', 'label as this labeler (default: the name in settings)')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: Common & { position: string[]; class: string[] }) => {
      await withCore(globals(), async (core) => {
        const datasetId = await latestDataset(core, ref);
        const items = await itemsAt(core, datasetId, o.position.map(parseNumber('--position', true)));
        const res = await call(core, 'labels.save', { datasetId, itemIds: items.map((e) => e.itemId), value: { labels: o.class }, labeler: o.labeler });
        if (o.json) return printJson(res);
        process.stdout.write(`Labeled ${items.length} item${items.length > 1 ? 's' : ''} ${o.class.join(', ')} (action ${res.actionId})\n`);
      });
    });

  labels
    .command('undo <dataset>')
    .description("revert this labeler's latest labeling action")
    .option('--labeler <name>', 'whose action (default: the name in settings)')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: Common) => {
      await withCore(globals(), async (core) => {
        const res = await call(core, 'labels.undo', { datasetId: await latestDataset(core, ref), labeler: o.labeler });
        if (o.json) return printJson(res);
        process.stdout.write(
          res.actionId === null ? 'Nothing to undo\n' : `Undid action ${res.actionId} (${res.itemIds.length} item${res.itemIds.length === 1 ? '' : 's'})\n`,
        );
      });
    });

  labels
    .command('review <dataset> <verdict>')
    .description('accept, reject or fix the label of the item at --position')
    .requiredOption('--position <n>', 'row position (0-based)', parseNumber('--position', true))
    .option('--class <class...>', 'the corrected class, for fix')
    .option('--note <text>', 'a note for the labeler', '')
    .option('--labeler <name>', 'review as this person (default: the name in settings)')
    .option('--json', 'print JSON')
    .action(async (ref: string, verdict: string, o: Common & { position: number; class?: string[]; note: string }) => {
      if (!['accept', 'reject', 'fix'].includes(verdict)) throw new UserError(`The verdict is accept, reject or fix, not "${verdict}"`);
      if (verdict === 'fix' && !o.class) throw new UserError('fix needs the corrected class (--class)');
      await withCore(globals(), async (core) => {
        const datasetId = await latestDataset(core, ref);
        const [item] = await itemsAt(core, datasetId, [o.position]);
        const value = o.class ? { labels: o.class } : undefined;
        const res = await call(core, 'labels.review', { datasetId, itemId: item.itemId, verdict: verdict as 'fix', value, note: o.note, labeler: o.labeler });
        if (o.json) return printJson(res);
        process.stdout.write(`Reviewed position ${o.position}: ${res.verdict}\n`);
      });
    });

  labels
    .command('commit <dataset>')
    .description('a new immutable version holding the resolved labels')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: Common) => {
      await withCore(globals(), async (core) => {
        const name = await latestDataset(core, ref);
        const before = (await call(core, 'datasets.version', { id: name })).version;
        const v = await call(core, 'labels.commit', { datasetId: name });
        if (o.json) return printJson(v);
        process.stdout.write(
          v.version === before
            ? `No label changes: ${name}@${v.version} stays the latest\n`
            : `Committed ${name}@${v.version}: ${v.rows} rows, ${v.classes.length} classes\n`,
        );
      });
    });

  labels
    .command('agreement <dataset>')
    .description("agreement among labelers: percent, Cohen's and Fleiss' kappa, Krippendorff's alpha, per labeler and class")
    .option('--json', 'print JSON')
    .action(async (ref: string, o: Common) => {
      await withCore(globals(), async (core) => {
        const r = await call(core, 'labels.agreement', { datasetId: await latestDataset(core, ref) });
        if (o.json) return printJson(r);
        const n = (x: number | null) => (x === null ? '-' : x.toFixed(3));
        process.stdout.write(`${r.multiplyLabeled} of ${r.items} items labeled by two or more of ${r.labelers.length} labelers\n`);
        process.stdout.write(
          `percent agreement ${n(r.percentAgreement)}, Cohen's kappa ${n(r.cohenKappa)}, Fleiss' kappa ${n(r.fleissKappa)}, Krippendorff's alpha ${n(r.krippendorffAlpha)}\n`,
        );
        printTable(
          ['LABELER', 'ITEMS', 'WITH CONSENSUS'],
          r.perLabeler.map((l) => [l.labeler, l.items, n(l.agreementWithConsensus)]),
        );
        if (r.ties.length) process.stdout.write(`${r.ties.length} items tied: review them\n`);
      });
    });

  labels
    .command('runs <dataset>')
    .description('finished runs that can assist with the dataset (suggest, find-errors, retrain) first, then the others with the reason they cannot')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: Common) => {
      await withCore(globals(), async (core) => {
        const fits = await call(core, 'labels.assistRuns', { datasetId: await latestDataset(core, ref) });
        if (o.json) return printJson(fits);
        printTable(
          ['RUN', 'NAME', 'DATA', 'FITS'],
          fits.map((f) => [
            f.run.id.slice(0, 8),
            f.run.name,
            f.run.datasetName ? `${f.run.datasetName}@${f.run.datasetVersion}` : '',
            f.eligible ? 'yes' : `no: ${f.reason}`,
          ]),
        );
      });
    });

  labels
    .command('suggest <dataset>')
    .description('predict every item of the latest version with a finished run and keep the predictions as label suggestions')
    .requiredOption('--run <id>', 'the run whose model suggests')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: Common & { run: string }) => {
      await withCore(globals(), async (core) => {
        const res = await call(core, 'labels.suggest', { datasetId: await latestDataset(core, ref), runId: o.run });
        if (o.json) return printJson(res);
        process.stdout.write(
          `${res.suggested} suggestions from run ${res.runId}; \`cairn labels queue ${ref} --filter uncertain\` lists the least certain first\n`,
        );
      });
    });

  labels
    .command('find-errors <dataset>')
    .description(
      "likely label errors of the latest version: trains --folds models with the run's configuration (out-of-fold probabilities), then confident learning",
    )
    .requiredOption(
      '--run <id>',
      'the run whose configuration (model, hyperparameters, seed) the fold models use; it must fit the dataset (columns or images, classes in the label set)',
    )
    .option('--folds <n>', 'folds, 2 to 10', parseNumber('--folds', true), 5)
    .option('--json', 'print JSON')
    .action(async (ref: string, o: Common & { run: string; folds: number }) => {
      await withCore(globals(), async (core) => {
        const datasetId = await latestDataset(core, ref);
        // Said before the folds train, so a wrong run is seen at once; a run that doesn't fit is refused by the call below.
        const [fit] = await call(core, 'labels.assistRuns', { datasetId, runId: o.run });
        if (fit.eligible && !o.json) process.stdout.write(`Fold models reuse run ${fit.run.id} (${fit.run.name}): ${fit.reuses}\n`);
        const tty = process.stderr.isTTY;
        const off = core.events.on('labels.findErrorsProgress', ({ fold, folds, progress: p }) => {
          if (tty) process.stderr.write(`\rfold ${fold}/${folds} · epoch ${p.epoch}/${p.epochs}   `);
        });
        // Ctrl+C stops the fold models between batches; the findings of an earlier search stay.
        const onSigint = () => {
          process.stderr.write('\nCancelling…\n');
          void call(core, 'labels.cancelFindErrors', { datasetId });
        };
        process.on('SIGINT', onSigint);
        try {
          const res = await call(core, 'labels.findErrors', { datasetId, runId: o.run, folds: o.folds });
          if (tty) process.stderr.write('\n');
          if (o.json) return printJson(res);
          process.stdout.write(
            `${res.issues} likely label errors among ${res.checked} labeled items (${res.folds} folds, ${res.epochs} epochs, ${res.seconds.toFixed(1)}s)\n`,
          );
          if (res.issues) process.stdout.write(`\`cairn labels queue ${ref} --filter errors\` lists them, worst first\n`);
        } finally {
          off();
          process.off('SIGINT', onSigint);
        }
      });
    });

  labels
    .command('retrain <dataset>')
    .description("commit the labels as a new version and train the run's configuration on it; waits for the run to end")
    .requiredOption('--run <id>', 'the run whose configuration to train again')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: Common & { run: string }) => {
      await withCore(globals(), async (core) => {
        const datasetId = await latestDataset(core, ref);
        const [fit] = await call(core, 'labels.assistRuns', { datasetId, runId: o.run });
        if (fit.eligible && !o.json) process.stdout.write(`Retraining reuses run ${fit.run.id} (${fit.run.name}): ${fit.reuses}\n`);
        const res = await call(core, 'labels.retrain', { datasetId, runId: o.run });
        if (!o.json) process.stdout.write(`Committed version ${res.version}; training run ${res.runId}\n`);
        const run = await follow(core, res.runId);
        if (o.json)
          printJson({
            version: res.version,
            runId: run.id,
            status: run.status,
            metrics: Object.fromEntries(Object.entries(run.metrics).map(([k, m]) => [k, m.last])),
          });
        else report(run);
      });
    });
}

/** Labels live on a dataset's latest version: `name` or `name@<latest>`; the calls take the name. */
async function latestDataset(core: CliCore, ref: string): Promise<string> {
  const parsed = parseDatasetRef(ref);
  if (parsed.version !== undefined) {
    const latest = await call(core, 'datasets.version', { id: parsed.name });
    if (parsed.version !== latest.version)
      throw new UserError(`Labels are given on the latest version of ${parsed.name} (@${latest.version}), not @${parsed.version}`);
  }
  return parsed.name;
}

function parseFilter(raw: string): QueueFilter {
  const colon = raw.indexOf(':');
  const kind = colon < 0 ? raw : raw.slice(0, colon);
  const arg = colon < 0 ? '' : raw.slice(colon + 1);
  if (kind === 'label' && arg) return { kind, label: arg };
  if (kind === 'labeler' && arg) return { kind, labeler: arg };
  if (['all', 'unlabeled', 'disagreement', 'errors', 'uncertain', 'unreviewed'].includes(raw)) return { kind: raw } as QueueFilter;
  throw new UserError(`--filter ${raw}: use all, unlabeled, label:<class>, labeler:<name>, disagreement, errors, uncertain or unreviewed`);
}

/** The latest version's items at these positions, in the order given. */
async function itemsAt(core: CliCore, datasetId: string, positions: number[]): Promise<QueueEntry[]> {
  const at = new Map<number, QueueEntry>();
  for (let offset = 0; offset < positions.length; offset += 1000) {
    const page = await call(core, 'labels.queue', { datasetId, filter: { kind: 'positions', positions }, offset, limit: 1000 });
    for (const e of page.entries) at.set(e.position, e);
  }
  const missing = positions.find((p) => !at.has(p));
  if (missing !== undefined)
    throw new UserError(
      `No item at position ${missing} (the latest version has ${(await call(core, 'datasets.version', { id: datasetId })).rows} rows)`,
      'not_found',
    );
  return positions.map((p) => at.get(p)!);
}

function queueRow(e: QueueEntry): (string | number)[] {
  const labels = (v: { labels: string[] } | null) => v?.labels.join('+') ?? '';
  return [
    e.position,
    labels(e.versionLabel),
    labels(e.mine),
    e.suggestion ? `${e.suggestion.label} (${e.suggestion.confidence.toFixed(2)})` : '',
    e.suggestion ? e.suggestion.margin.toFixed(3) : '',
    e.issue ? `${e.issue.given} → ${e.issue.suggested} (${e.issue.quality.toFixed(3)})` : '',
  ];
}
