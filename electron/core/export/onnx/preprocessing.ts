// Folds a run's preprocessing into the graph's first nodes, so the ONNX model takes raw inputs:
// tabular standardization (x - mean) / std for numeric features, image scale (x * 1/255).
import type { PreprocessingSpec } from '../../../../shared/ml';
import { OnnxExportError } from './errors';
import type { GraphBuilder } from './proto';

export interface FoldedPreprocessing {
  /** Tensor the model's first layer reads. */
  name: string;
  /** What the ONNX input now expects, for the model's metadata and docs. */
  description: string;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function foldPreprocessing(g: GraphBuilder, spec: PreprocessingSpec, input: string, inputShape: number[]): FoldedPreprocessing {
  if (spec.kind === 'image') {
    const expected = [spec.height, spec.width, spec.channels];
    if (!sameShape(inputShape, expected)) {
      throw new OnnxExportError(`image preprocessing is for [${expected.join(', ')}], the model takes [${inputShape.join(', ')}]`);
    }
    if (!Number.isFinite(spec.scale)) throw new OnnxExportError(`image scale ${spec.scale} is not a number`);
    const scale = g.floats('preprocess_scale', [], [spec.scale]);
    return {
      name: g.node('Mul', [input, scale], {}, 'preprocess_scaled'),
      description: `raw pixel values [batch, ${expected.join(', ')}] (NHWC), multiplied by ${spec.scale} in the graph`,
    };
  }
  if (!sameShape(inputShape, [spec.width])) {
    throw new OnnxExportError(`tabular preprocessing gives ${spec.width} features, the model takes [${inputShape.join(', ')}]`);
  }
  const mean = new Float64Array(spec.width);
  const std = new Float64Array(spec.width).fill(1);
  const numeric: string[] = [];
  const categorical: string[] = [];
  let offset = 0;
  for (const f of spec.features) {
    if (f.kind === 'numeric') {
      if (!Number.isFinite(f.mean) || !Number.isFinite(f.std) || f.std === 0) {
        throw new OnnxExportError(`numeric feature "${f.name}" has mean ${f.mean} and std ${f.std}, which can't be folded`);
      }
      mean[offset] = f.mean;
      std[offset] = f.std;
      numeric.push(`${f.name}@${offset}`);
      offset += 1;
    } else {
      categorical.push(`${f.name}@${offset}..${offset + f.categories.length - 1} [${f.categories.join('|')}]`);
      offset += f.categories.length;
    }
  }
  if (offset !== spec.width) throw new OnnxExportError(`tabular preprocessing lists ${offset} features but says width ${spec.width}`);
  const description = [
    `[batch, ${spec.width}] floats in feature order;`,
    numeric.length ? `numeric features raw (a missing value: pass the column mean ${'→'} 0 after standardizing): ${numeric.join(', ')};` : '',
    categorical.length ? `categorical features one-hot (unseen or missing: all zeros), not folded: ${categorical.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (numeric.length === 0) return { name: input, description };
  const meanName = g.floats('preprocess_mean', [spec.width], mean);
  const stdName = g.floats('preprocess_std', [spec.width], std);
  const centered = g.node('Sub', [input, meanName], {}, 'preprocess_centered');
  return { name: g.node('Div', [centered, stdName], {}, 'preprocess_standardized'), description };
}
