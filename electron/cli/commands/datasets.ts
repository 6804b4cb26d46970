import { Option, type Command } from 'commander';
import fs from 'node:fs';
import { call, withCore, type CliCore, type GlobalOptions } from '../context';
import { fmt, parseDatasetRef, parseNumber, printJson, printTable } from '../output';

export function registerDatasets(program: Command, globals: () => GlobalOptions): void {
  const datasets = program.command('datasets').description('import and list datasets');

  datasets
    .command('import <path>')
    .description(
      'import a CSV/TSV or JSON Lines file with a header, a folder of images (one subfolder per class), or a COCO or YOLO folder of images with boxes (detected)',
    )
    .requiredOption('--name <name>', 'dataset name; importing changed content under the same name makes a new version')
    .option('--label-column <column>', 'label column of a table (default: label/target/class/y, else the last column)')
    .addOption(new Option('--label <column>', 'same as --label-column').hideHelp())
    .option('--no-label', 'import a table with no label column, to label it later')
    .option('--labels <csv>', 'a filename,label CSV labeling a flat folder of images')
    .addOption(new Option('--non-images <policy>', 'files in an image folder that are not images').choices(['skip', 'reject']).default('skip'))
    .option('--json', 'print JSON')
    .action(
      async (
        file: string,
        o: { name: string; labelColumn?: string; label?: string | false; labels?: string; nonImages: 'skip' | 'reject'; json?: boolean },
      ) => {
        await withCore(globals(), async (core) => {
          const { describeBoxFolder, detectBoxFolder } = await import('../../core/datasets/boxes/detect');
          const boxes = fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ? detectBoxFolder(file) : null;
          if (boxes && !o.json) process.stdout.write(`Detected ${describeBoxFolder(boxes)}\n`);
          const stopProgress = showImportProgress(core, file);
          const ds = await call(core, 'datasets.import', {
            path: file,
            name: o.name,
            labelColumn: o.labelColumn ?? (o.label || undefined),
            unlabeled: o.label === false || undefined,
            labels: o.labels,
            nonImages: o.nonImages,
          }).finally(stopProgress);
          const v = ds.latest;
          const out = {
            id: ds.id,
            name: ds.name,
            version: v.version,
            rows: v.rows,
            columns: v.columns.map((c) => c.name),
            kind: v.kind,
            labelColumn: v.labelColumn,
            classes: v.classes,
            hash: v.hash,
            skipped: ds.skipped,
            ...(boxes && { format: boxes.format }),
          };
          if (o.json) printJson(out);
          else if (boxes) process.stdout.write(`Imported ${ds.name}@${v.version}: ${v.rows} images with boxes, ${v.classes.length} classes\n`);
          else process.stdout.write(`Imported ${ds.name}@${v.version}: ${v.rows} rows, ${v.columns.length} columns, ${v.classes.length} classes\n`);
          if (!o.json && ds.skipped.length)
            process.stdout.write(
              `Skipped ${ds.skipped.length} files that are not images: ${ds.skipped.slice(0, 5).join(', ')}${ds.skipped.length > 5 ? ', …' : ''}\n`,
            );
        });
      },
    );

  datasets
    .command('list')
    .description('list datasets with their latest version')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const list = await call(core, 'datasets.list', {});
        if (o.json) printJson(list);
        else
          printTable(
            ['NAME', 'VERSION', 'KIND', 'ROWS', 'CLASSES'],
            list.map((d) => [d.name, d.latest.version, d.latest.kind, d.latest.rows, d.latest.classes.length]),
          );
      });
    });

  datasets
    .command('show <name[@version]>')
    .description('a dataset version: rows, columns with types and missing counts, classes, and every version')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const { name, version } = parseDatasetRef(ref);
        const v = await call(core, 'datasets.version', { id: name, version });
        const ds = await call(core, 'datasets.get', { id: v.datasetId });
        const splits = await call(core, 'datasets.splits', { id: v.datasetId, version: v.version });
        const out = { id: ds.id, name: ds.name, version: v, splits, versions: ds.versions.map(({ columns, ...rest }) => rest) };
        if (o.json) return printJson(out);
        process.stdout.write(`${ds.name}@${v.version} (${v.kind}): ${v.rows} rows, label ${v.labelColumn ?? '-'}, classes ${v.classes.join(', ')}\n`);
        printTable(
          ['COLUMN', 'TYPE', 'MISSING', 'DISTINCT'],
          v.columns.map((c) => [c.name, c.type, c.missing, c.distinct]),
        );
        process.stdout.write(`versions: ${ds.versions.map((x) => `${x.version} (${x.rows} rows)`).join(', ')}\n`);
      });
    });

  datasets
    .command('quality <name[@version]>')
    .description('the data quality report: per-column profile, duplicates, conflicting labels, imbalance, outliers, near-duplicate images')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const { name, version } = parseDatasetRef(ref);
        const report = await call(core, 'datasets.quality', { id: name, version });
        if (o.json) return printJson(report);
        printTable(
          ['COLUMN', 'TYPE', 'MISSING', 'DISTINCT', 'MIN', 'MEAN', 'MAX', 'OUTLIERS'],
          report.columns.map((c) => [
            c.name,
            c.type,
            `${(c.missingShare * 100).toFixed(1)}%`,
            c.distinct,
            fmt(c.numeric?.min),
            fmt(c.numeric?.mean),
            fmt(c.numeric?.max),
            c.numeric?.outliers.count ?? '',
          ]),
        );
        for (const f of report.findings) process.stdout.write(`${f.severity.toUpperCase()}: ${f.message}\n`);
        if (report.findings.length === 0) process.stdout.write('No findings.\n');
      });
    });

  datasets
    .command('export <name[@version]>')
    .description('write a version as CSV or JSON Lines (labels included), or its images and boxes as a COCO or YOLO folder')
    .requiredOption('--format <csv|jsonl|coco|yolo>', 'csv or jsonl: a file; coco: annotations.json + images/; yolo: images/, labels/, data.yaml, classes.txt')
    .requiredOption('--out <path>', 'file to write (csv, jsonl) or folder (coco, yolo: new, empty, or an earlier export of the same format)')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { format: string; out: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const { name, version } = parseDatasetRef(ref);
        const res = await call(core, 'datasets.export', { id: name, version, format: o.format as 'csv', path: o.out });
        if (o.json) printJson(res);
        else if (o.format === 'coco' || o.format === 'yolo')
          process.stdout.write(`Wrote ${res.rows} images with their boxes as ${o.format.toUpperCase()} to ${res.path}\n`);
        else process.stdout.write(`Wrote ${res.rows} rows to ${res.path}\n`);
      });
    });

  datasets
    .command('diff <name> <from> <to>')
    .description('rows added, removed and relabeled between two versions, and the runs that used each')
    .option('--json', 'print JSON')
    .action(async (name: string, from: string, to: string, o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const d = await call(core, 'datasets.diff', { id: name, from: parseNumber('<from>', true)(from), to: parseNumber('<to>', true)(to) });
        if (o.json) printJson(d);
        else
          process.stdout.write(`${name} ${d.from} -> ${d.to}: +${d.added} added, -${d.removed} removed, ${d.relabeled} relabeled, ${d.unchanged} unchanged\n`);
      });
    });

  datasets
    .command('split <name[@version]>')
    .description('store a stratified, seeded train/validation/test split with a version')
    .option('--validation <x>', 'share of rows for validation', parseNumber('--validation', false), 0.15)
    .option('--test <x>', 'share of rows for test', parseNumber('--test', false), 0.15)
    .option('--seed <n>', 'random seed', parseNumber('--seed', true), 42)
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { validation: number; test: number; seed: number; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const { name, version } = parseDatasetRef(ref);
        const s = await call(core, 'datasets.split', { id: name, version, validation: o.validation, test: o.test, seed: o.seed });
        if (o.json) printJson(s);
        else process.stdout.write(`train ${s.counts.train}, validation ${s.counts.validation}, test ${s.counts.test} (seed ${s.seed})\n`);
      });
    });
}

/** A progress line on stderr while a long import runs, where stderr is a terminal; returns its stop. */
function showImportProgress(core: CliCore, file: string): () => void {
  if (!process.stderr.isTTY) return () => {};
  let shown = false;
  const off = core.events.on('datasets.importProgress', (p) => {
    if (p.path !== file) return;
    shown = true;
    const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 0;
    process.stderr.write(`\r${p.phase === 'checking' ? 'Checking' : 'Importing'} ${file}: ${pct}%\x1b[K`);
  });
  return () => {
    off();
    if (shown) process.stderr.write('\r\x1b[K');
  };
}
