import type { Events } from '../../../../shared/api/contract';
import type { RunSummary } from '../../../../shared/domain';

export function runChoiceLabel(r: RunSummary): string {
  const data = r.datasetName ? ` · ${r.datasetName}@${r.datasetVersion}` : '';
  const acc = r.metrics.val_accuracy?.last ?? r.metrics.accuracy?.last;
  return `${r.name} (${r.modelType}${data}${acc === undefined ? '' : ` · accuracy ${acc.toFixed(3)}`})`;
}

/** "Fold 2 of 5 · epoch 7/30": where a cross-validation stands. */
export function foldProgress(p: Events['labels.findErrorsProgress']): string {
  return `Fold ${p.fold} of ${p.folds} · epoch ${p.progress.epoch}/${p.progress.epochs}`;
}
