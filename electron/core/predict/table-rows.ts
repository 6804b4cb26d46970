import type { EngineChoice } from '../../../shared/domain';
import type { TabularCell, TabularSpec } from '../../../shared/ml';
import { UserError } from '../errors';
import type { ModelSource } from '../registry/model-source';

/** A table as read from a file or a dataset version: named columns, rows of cells. */
export interface CellTable {
  label: string;
  columns: readonly { name: string }[];
  rows: readonly (readonly TabularCell[])[];
}

/**
 * The rows in the training column order the spec's feature indices refer to; a feature column
 * the table lacks is an error naming the table (`shown`), since the model can't do without it.
 */
export function modelRows(shown: string, columns: readonly string[], rows: readonly (readonly TabularCell[])[], spec: TabularSpec): TabularCell[][] {
  return rows.map(modelRow(shown, columns, spec));
}

/** modelRows one row at a time, for tables streamed rather than held. */
export function modelRow(shown: string, columns: readonly string[], spec: TabularSpec): (src: readonly TabularCell[]) => TabularCell[] {
  const position = new Map(columns.map((c, i) => [c, i] as const));
  const missing = spec.features.filter((f) => !position.has(f.name)).map((f) => f.name);
  if (missing.length) {
    throw new UserError(
      `${shown}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; the model was trained on ${spec.features.map((f) => f.name).join(', ')}`,
    );
  }
  const moves = spec.features.map((f) => ({ to: f.index, from: position.get(f.name) ?? -1 }));
  const width = spec.features.reduce((w, f) => Math.max(w, f.index + 1), 0);
  return (src) => {
    const row = new Array<TabularCell>(width).fill(null);
    for (const m of moves) row[m.to] = src[m.from] ?? null;
    return row;
  };
}

/** A model's inputs: table rows in the training column order, or image paths. */
export type ModelInput = { rows: TabularCell[][] } | { paths: string[] };

/** What predictTables needs of PredictService (named by shape: predict-service imports this file). */
export interface RowPredictor {
  run(source: ModelSource, engine: EngineChoice, input: ModelInput): Promise<Float32Array>;
}

/**
 * Class probabilities for the rows of each table, in one worker run. The rows go to the worker as
 * they are (as labeling suggestions pass theirs): no CSV in between to write, re-read and re-type.
 */
export async function predictTables<const T extends readonly CellTable[]>(
  predictions: RowPredictor,
  source: ModelSource,
  tables: T,
  engine: EngineChoice,
): Promise<{ [K in keyof T]: number[][] }> {
  const spec = source.preprocessing;
  if (!spec) throw new UserError(`${source.label} has no preprocessing recorded, so new data can't be prepared for it`, 'conflict');
  if (spec.kind !== 'tabular') throw new UserError(`${source.label} takes images, not table rows`);
  const rows = tables.flatMap((t) =>
    modelRows(
      t.label,
      t.columns.map((c) => c.name),
      t.rows,
      spec,
    ),
  );
  const flat = await predictions.run(source, engine, { rows });
  const k = source.classes.length;
  if (flat.length !== rows.length * k) throw new UserError(`${source.label} returned ${flat.length / k} predictions for ${rows.length} rows`);
  const out: number[][][] = [];
  let at = 0;
  for (const t of tables) {
    const probs: number[][] = [];
    for (let i = 0; i < t.rows.length; i++, at++) probs.push(Array.from(flat.subarray(at * k, (at + 1) * k)));
    out.push(probs);
  }
  return out as { [K in keyof T]: number[][] };
}
