import { argmax, binaryPositive, type CategoricalColumnInput, type NumericColumnInput } from '../../../shared/stats';

/** Index of the positive class of a binary model; null for more classes. */
export function positiveOf(classes: readonly string[]): number | null {
  const positive = binaryPositive(classes);
  return positive === null ? null : classes.indexOf(positive);
}

/** The score watched for drift: p(positive) for binary models, the top probability otherwise. */
export function scoreOf(p: readonly number[], positive: number | null): number {
  return p[positive ?? argmax(p)] ?? NaN;
}

/** The predicted class and the watched score of reference and current rows, as drift test inputs. */
export function predictionColumns(
  classes: readonly string[],
  positive: number | null,
  ref: readonly number[][],
  cur: readonly number[][],
): { cls: CategoricalColumnInput; score: NumericColumnInput } {
  const classOf = (p: readonly number[]) => classes[argmax(p)] ?? null;
  return {
    cls: { name: 'prediction', type: 'categorical', reference: ref.map(classOf), current: cur.map(classOf) },
    score: {
      name: positive === null ? 'max_probability' : `p(${classes[positive]})`,
      type: 'numeric',
      reference: Float64Array.from(ref, (p) => scoreOf(p, positive)),
      current: Float64Array.from(cur, (p) => scoreOf(p, positive)),
    },
  };
}
