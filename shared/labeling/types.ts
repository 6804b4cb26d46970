// The labeling workspace's values, shared by the core, the CLI and the renderer.

/** single: one class per item; multi: any set of classes; boxes: bounding boxes, each with a class. */
export type LabelTask = 'single' | 'multi' | 'boxes';

export interface LabelClass {
  name: string;
  /** One key: 1-9, then letters. Shown on screen next to the class. */
  hotkey: string;
  color: string;
}

export interface LabelSchema {
  datasetId: number;
  task: LabelTask;
  classes: LabelClass[];
}

/** A box in pixels of the original image, origin top-left. */
export interface Box {
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What a labeler said about an item: the classes (one for single-label tasks) and, for box tasks, the boxes. */
export interface AnnotationValue {
  labels: string[];
  boxes?: Box[];
}

export type ReviewVerdict = 'accept' | 'fix' | 'reject';

/** Which items a queue holds. */
export type QueueFilter =
  | { kind: 'all' }
  | { kind: 'unlabeled' }
  | { kind: 'label'; label: string }
  | { kind: 'labeler'; labeler: string }
  /** Items whose labelers disagree (two or more labels). */
  | { kind: 'disagreement' }
  /** Likely label errors found by confident learning. */
  | { kind: 'errors' }
  /** Items with a model suggestion, most uncertain first. */
  | { kind: 'uncertain' }
  /** Labeled items without a review yet. */
  | { kind: 'unreviewed' }
  /** Positions picked elsewhere (a quality finding). */
  | { kind: 'positions'; positions: number[] };

export interface Suggestion {
  runId: string;
  label: string;
  confidence: number;
  entropy: number;
  margin: number;
}

export interface QueueEntry {
  itemId: number;
  /** First position of the item in the dataset's latest version. */
  position: number;
  name: string | null;
  /** Images: the content hash to fetch it by (see mediaUrl); null for rows. */
  fileHash: string | null;
  width: number | null;
  height: number | null;
  /** Tabular and text rows: the feature cells by column name. */
  fields: { name: string; value: string | number | null; type: string }[] | null;
  /** The label the version holds (imported or committed). */
  versionLabel: AnnotationValue | null;
  /** This labeler's latest label, else null. */
  mine: AnnotationValue | null;
  /** Everyone's latest labels. */
  labels: { labeler: string; value: AnnotationValue }[];
  suggestion: Suggestion | null;
  review: { verdict: ReviewVerdict; reviewer: string } | null;
  issue: { given: string; suggested: string; quality: number } | null;
}

export interface AnnotationRecord {
  id: number;
  actionId: number;
  kind: 'label' | 'bulk' | 'suggestion' | 'review' | 'undo';
  labeler: string;
  value: AnnotationValue | null;
  seconds: number;
  createdAt: number;
}

export interface ReviewRecord {
  id: number;
  reviewer: string;
  verdict: ReviewVerdict;
  annotationId: number | null;
  note: string;
  createdAt: number;
}

export interface LabelingStatus {
  datasetId: number;
  version: number;
  items: number;
  /** Items with a label from anyone (annotation or version label). */
  labeled: number;
  /** Items whose resolved label differs from the latest version's: what a commit would change. */
  uncommitted: number;
  reviewed: number;
  labelers: { labeler: string; items: number; seconds: number }[];
  suggestionsFrom: string | null;
  issues: number;
}

export interface AgreementReport {
  items: number;
  /** Items labeled by two or more labelers. */
  multiplyLabeled: number;
  labelers: string[];
  percentAgreement: number | null;
  cohenKappa: number | null;
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
  perLabeler: { labeler: string; items: number; agreementWithConsensus: number | null }[];
  perClass: { label: string; kappa: number | null; count: number }[];
  /** Items whose majority is tied: flagged for review. */
  ties: number[];
}
