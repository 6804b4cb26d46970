import { z } from 'zod';
import { datasetKey } from './keys';
import type { DatasetVersionInfo } from '../../domain';
import type { AgreementReport, AnnotationRecord, LabelingStatus, LabelSchema, QueueEntry, ReviewRecord } from '../../labeling/types';

const box = z.object({
  label: z.string().min(1),
  x: z.number().finite(),
  y: z.number().finite(),
  w: z.number().finite().min(0),
  h: z.number().finite().min(0),
});
const annotationValue = z.object({ labels: z.array(z.string().min(1)).max(1000), boxes: z.array(box).max(10_000).optional() });

export const queueFilter = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('unlabeled') }),
  z.object({ kind: z.literal('label'), label: z.string() }),
  z.object({ kind: z.literal('labeler'), labeler: z.string() }),
  z.object({ kind: z.literal('disagreement') }),
  z.object({ kind: z.literal('errors') }),
  z.object({ kind: z.literal('uncertain') }),
  z.object({ kind: z.literal('unreviewed') }),
  z.object({ kind: z.literal('positions'), positions: z.array(z.number().int().min(0)).max(1_000_000) }),
]);

/** Who is labeling: the name in settings unless a call names someone (the CLI's --labeler, scripts). */
const labeler = z.string().trim().min(1).max(200).optional();

export const labelingCalls = {
  'labels.schema': z.object({ datasetId: datasetKey }),
  'labels.setSchema': z.object({
    datasetId: datasetKey,
    task: z.enum(['single', 'multi', 'boxes']),
    // A hotkey is one character; hotkeyProblem checks that (and workspace keys, repeats) with a message naming the class.
    classes: z
      .array(z.object({ name: z.string().trim().min(1).max(200), hotkey: z.string().max(8).optional(), color: z.string().max(32).optional() }))
      .min(1)
      .max(200),
  }),
  'labels.status': z.object({ datasetId: datasetKey, labeler }),
  /** A page of the labeling queue; the renderer asks for the next page before it runs out. */
  'labels.queue': z.object({
    datasetId: datasetKey,
    filter: queueFilter.default({ kind: 'all' }),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(50),
    labeler,
  }),
  /** Labels one item, or many at once (the grid's bulk label); one undoable action either way. */
  'labels.save': z.object({
    datasetId: datasetKey,
    itemIds: z.array(z.number().int()).min(1).max(100_000),
    value: annotationValue,
    /** Time spent on the item before this label, for the labeler's statistics. */
    seconds: z.number().min(0).max(86_400).default(0),
    /** 'suggestion' when the labeler accepted a model's suggestion as it was. */
    source: z.enum(['human', 'suggestion']).default('human'),
    labeler,
  }),
  /** Reverts this labeler's most recent action that is not undone yet, one step per call. */
  'labels.undo': z.object({ datasetId: datasetKey, labeler }),
  'labels.review': z.object({
    datasetId: datasetKey,
    itemId: z.number().int(),
    verdict: z.enum(['accept', 'fix', 'reject']),
    /** The corrected label, for 'fix'. */
    value: annotationValue.optional(),
    note: z.string().max(2000).default(''),
    labeler,
  }),
  'labels.history': z.object({ datasetId: datasetKey, itemId: z.number().int() }),
  /** A new immutable version holding the resolved labels (reviews, then consensus, then the version's own). */
  'labels.commit': z.object({ datasetId: datasetKey }),
  'labels.agreement': z.object({ datasetId: datasetKey }),
} satisfies Record<string, z.ZodType>;

export interface LabelingResults {
  'labels.schema': LabelSchema;
  'labels.setSchema': LabelSchema;
  'labels.status': LabelingStatus;
  'labels.queue': { total: number; offset: number; entries: QueueEntry[] };
  'labels.save': { actionId: number; annotationIds: number[] };
  'labels.undo': { actionId: number | null; itemIds: number[] };
  'labels.review': ReviewRecord;
  'labels.history': { annotations: AnnotationRecord[]; reviews: ReviewRecord[] };
  'labels.commit': DatasetVersionInfo;
  'labels.agreement': AgreementReport;
}
