import path from 'node:path';
import { MAX_KEY_LENGTH, MlflowError, type KeyValue, type MlflowMetric } from './mlflow-types';

// Input checks as MLflow's mlflow/utils/validation.py makes them, with its messages, so a
// script gets the same INVALID_PARAMETER_VALUE from Cairn as from an MLflow server.

// Alphanumerics, underscores, periods, dashes, spaces, colons and slashes.
const VALID_NAME = /^[/\w.\- :]*$/;
const BAD_CHARACTERS = 'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).';

function invalid(message: string): MlflowError {
  return new MlflowError('INVALID_PARAMETER_VALUE', message);
}

/** A name that would resolve to another as a file path (`a//b`, `../x`, `/abs`, `.`): MLflow's path_not_unique. */
function pathNotUnique(name: string): boolean {
  const norm = path.posix.normalize(name).replace(/(.)\/$/, '$1');
  return norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/');
}

/** An artifact path that could name something outside its run's folder, or another name (MLflow's validate_path_is_safe, plus empty parts). */
export function unsafeArtifactPath(rel: string): boolean {
  return (
    rel.startsWith('/') ||
    rel.includes('\\') ||
    /^[a-z]:/i.test(rel) ||
    rel
      .replace(/\/$/, '')
      .split('/')
      .some((part) => part === '..' || part === '.' || (part === '' && rel !== ''))
  );
}

/** A metric, param or tag key, checked as MLflow's _validate_{metric,param,tag}_name. */
export function validateName(what: 'metric' | 'parameter' | 'tag', name: unknown): string {
  if (name === undefined || name === null) throw invalid(`${what[0].toUpperCase()}${what.slice(1)} name cannot be None. A key name must be provided.`);
  const s = String(name);
  if (!VALID_NAME.test(s)) throw invalid(`Invalid ${what} name: '${s}'. ${BAD_CHARACTERS}`);
  if (pathNotUnique(s)) {
    throw invalid(
      `Invalid ${what} name: '${s}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${path.posix.normalize(s)}'`,
    );
  }
  validateLength(`${what === 'parameter' ? 'Param' : what === 'tag' ? 'Tag' : 'Metric'} key`, MAX_KEY_LENGTH, s);
  return s;
}

export function validateLength(entity: string, limit: number, value: string): void {
  if (value.length > limit) throw invalid(`${entity} '${value.slice(0, 250)}' had length ${value.length}, which exceeded length limit of ${limit}`);
}

export function validateKeyValue(kv: KeyValue, what: 'parameter' | 'tag', maxValue: number): void {
  if (!kv || typeof kv !== 'object') throw invalid(`Invalid ${what}: expected {key, value}`);
  validateName(what, kv.key);
  if (kv.value === undefined || kv.value === null) throw invalid(`${what === 'tag' ? 'Tag' : 'Param'} value cannot be None`);
  validateLength(`${what === 'parameter' ? 'Param' : 'Tag'} value`, maxValue, String(kv.value));
}

/** The JSON forms protobuf gives a double that is not finite (the Python client sends these). */
const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** A metric's value as a number: a JSON number, a numeric string, or "NaN"/"Infinity"/"-Infinity" as protobuf's JSON reads them. */
export function metricValue(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  if (v in NON_FINITE) return NON_FINITE[v];
  const n = v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A metric with its value, timestamp and step checked (_validate_metric), ready to store. */
export function validateMetric(m: MlflowMetric): { key: string; value: number; time: number; step: number } {
  if (!m || typeof m !== 'object') throw invalid('Invalid metric: expected {key, value, timestamp, step}');
  const key = validateName('metric', m.key);
  const value = metricValue(m.value);
  if (value === null)
    throw invalid(
      `Got invalid value ${String(m.value)} for metric '${key}' (timestamp=${m.timestamp}). Please specify value as a valid double (64-bit floating point)`,
    );
  const time = Number(m.timestamp);
  if (m.timestamp === undefined || m.timestamp === null || !Number.isInteger(time) || time < 0) {
    throw invalid(`Got invalid timestamp ${m.timestamp} for metric '${key}' (value=${m.value}). Timestamp must be a nonnegative long (64-bit integer) `);
  }
  const step = m.step === undefined || m.step === null ? 0 : Number(m.step);
  if (!Number.isInteger(step)) throw invalid(`Got invalid step ${m.step} for metric '${key}' (value=${m.value}). Step must be a valid long (64-bit integer).`);
  return { key, value, time, step };
}

/** A double for JSON as protobuf writes one: non-finite values as strings. */
export function jsonDouble(v: number): number | 'NaN' | 'Infinity' | '-Infinity' {
  return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}
