import { MlflowError, type KeyValue } from './mlflow-types';

// Argument handling every MLflow endpoint shares: required strings, max_results and page tokens.

export function toRecord(kvs: KeyValue[]): Record<string, string> {
  return Object.fromEntries(kvs.map((kv) => [kv.key, String(kv.value)]));
}

export function requireString(v: string | undefined, name: string): string {
  if (v === undefined || v === null || String(v) === '') throw new MlflowError('INVALID_PARAMETER_VALUE', `Missing value for required parameter '${name}'.`);
  return String(v);
}

export function clampMax(v: number | undefined, dflt: number, max: number): number {
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid value ${v} for parameter 'max_results' supplied. It must be at most ${max}, and at least 1.`);
  return n;
}

export function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

export function decodeToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset: number };
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new MlflowError('INVALID_PARAMETER_VALUE', 'Invalid page token');
}
