export * from './tabular';
export * from './image';
export * from './split';

import type { ImageSpec } from './image';
import type { TabularSpec } from './tabular';

/** What the worker posts as `prepared.preprocessing` and the core stores with the run. */
export type PreprocessingSpec = TabularSpec | ImageSpec;

export function isPreprocessingSpec(v: unknown): v is PreprocessingSpec {
  const kind = (v as { kind?: unknown } | null)?.kind;
  return kind === 'tabular' || kind === 'image';
}
