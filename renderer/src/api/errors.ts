import type { CairnError, CallResponse } from '../../../shared/api/contract';

/** A failed call as the renderer sees it, whichever transport carried it. */
export class CairnCallError extends Error {
  readonly code: CairnError['code'];
  /** Per-field problems, when the core sends them (zod issues), so forms can place them inline. */
  readonly issues: FieldIssue[];
  /** The input that would let the call through, which a form shows in its own words (see CairnError.field). */
  readonly field: string | null;

  constructor(error: CairnError & { issues?: unknown }) {
    super(error.message);
    this.name = 'CairnCallError';
    this.code = error.code;
    this.field = typeof error.field === 'string' ? error.field : null;
    this.issues = readIssues(error.issues);
  }
}

/** The one place an answer envelope becomes a value or an error, for both transports. */
export function unwrap<T>(res: CallResponse<T>): T {
  if (!res.ok) throw new CairnCallError(res.error);
  return res.value;
}

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

function readIssues(raw: unknown): FieldIssue[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((issue): FieldIssue[] => {
    if (!issue || typeof issue !== 'object') return [];
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (!Array.isArray(path) || typeof message !== 'string') return [];
    return [{ path: path.filter((p) => typeof p === 'string' || typeof p === 'number'), message }];
  });
}

/** Code and message of anything thrown by a call (a CairnCallError from either transport, or any other error). */
export function describeError(err: unknown): { code: string; message: string; field: string | null } {
  if (err instanceof CairnCallError) return { code: err.code, message: err.message, field: err.field };
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown };
    return {
      code: typeof e.code === 'string' ? e.code : 'internal',
      message: typeof e.message === 'string' ? e.message : String(err),
      field: null,
    };
  }
  return { code: 'internal', message: String(err), field: null };
}

export function errorMessage(err: unknown): string {
  return describeError(err).message;
}
