import { z } from 'zod';
import { closestMatches } from '../closest-matches';
import { flattenParams, trainConfigSchema, type TrainConfig } from './config';

// Tools that set one field of a training config (sweeps) name it by dotted path, e.g.
// "mlp.hiddenUnits". The paths come from walking the one config schema, so a new field is
// addressable without a list to update, and anything else is refused rather than ignored.

type Model = TrainConfig['model'];

/** Segments that would reach Object.prototype instead of a config field. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

function withoutDefault(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
}

function walk(schema: z.ZodObject, prefix: string, out: Map<string, z.ZodType>): Map<string, z.ZodType> {
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const path = prefix ? `${prefix}.${key}` : key;
    const settable = withoutDefault(field);
    const inner = unwrap(field);
    // A plain section (mlp, cnn) is set field by field; a nullable one (earlyStopping) also whole, to turn it off.
    if (!(inner instanceof z.ZodObject) || settable !== inner) out.set(path, settable);
    if (inner instanceof z.ZodObject) walk(inner, path, out);
  }
  return out;
}

/** Every settable path, with the schema a value there must pass (no default: a value is required). */
export const CONFIG_PATHS: ReadonlyMap<string, z.ZodType> = walk(trainConfigSchema, '', new Map());

const MODELS = (unwrap(trainConfigSchema.shape.model) as z.ZodEnum<Record<Model, Model>>).options as Model[];

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * The names people already know, per model: the params-table names (`hiddenUnits`, `dropout`)
 * and the `cairn train` flags (`hidden-units`, `lr`), each mapped to its config path.
 */
const ALIASES: ReadonlyMap<Model, ReadonlyMap<string, string>> = new Map(
  MODELS.map((model) => {
    const names = new Map<string, string>();
    for (const name of Object.keys(flattenParams(trainConfigSchema.parse({ model })))) {
      const path = CONFIG_PATHS.has(name) ? name : `${model}.${name}`;
      if (!CONFIG_PATHS.has(path)) continue;
      names.set(name, path);
      names.set(kebab(name), path);
    }
    // The one train flag that is not the param's name.
    names.set('lr', 'learningRate');
    return [model, names] as const;
  }),
);

/** The paths a name could mean whichever model trains. */
function aliasTargets(name: string): Set<string> {
  return new Set(MODELS.map((m) => ALIASES.get(m)!.get(name)).filter((p): p is string => p !== undefined));
}

/** The model section a path lives in ("cnn" for cnn.filters), or null for shared fields. */
function sectionOf(path: string): Model | null {
  const head = path.split('.')[0];
  return (MODELS as string[]).includes(head) ? (head as Model) : null;
}

export type KeyResolution = { ok: true; path: string } | { ok: false; message: string };

/** The config paths closest to a mistyped key, found by path or by any alias of one. */
function nearestPaths(key: string, model: Model | null): string[] {
  const names = new Map<string, string>([...CONFIG_PATHS.keys()].map((p) => [p, p]));
  for (const m of model ? [model] : MODELS) for (const [name, p] of ALIASES.get(m)!) if (!names.has(name)) names.set(name, p);
  return [...new Set(closestMatches(key, names.keys(), 6).map((n) => names.get(n)!))].slice(0, 3);
}

/** One line: what is wrong with the key, the path probably meant, and every valid key. */
function keyMessage(why: string, key: string, model: Model | null): string {
  const near = nearestPaths(key, model);
  return `${why}${near.length ? `; did you mean ${near.join(' or ')}?` : ''} (valid keys: ${[...CONFIG_PATHS.keys()].join(', ')})`;
}

/** The refusal of a key that reaches a prototype (`__proto__.x`), naming the valid keys. */
export function notAConfigKey(key: string): string {
  return keyMessage(`"${key}" is not a config key`, key, null);
}

/**
 * The config path a key names, for configs that train `model` (null: the model varies, so a
 * model-specific name must say which). A key that would change nothing is refused too.
 */
export function resolveConfigKey(key: string, model: Model | null): KeyResolution {
  const unknown = (why: string): KeyResolution => ({ ok: false, message: keyMessage(why, key, model) });
  if (key.split('.').some((s) => FORBIDDEN_SEGMENTS.has(s))) return { ok: false, message: notAConfigKey(key) };
  let path: string;
  if (CONFIG_PATHS.has(key)) path = key;
  else {
    const own = model ? ALIASES.get(model)!.get(key) : undefined;
    const targets = own ? new Set([own]) : aliasTargets(key);
    if (targets.size === 0) return unknown(`unknown config key "${key}"`);
    if (targets.size > 1)
      return { ok: false, message: `"${key}" means ${[...targets].join(' or ')} depending on the model; with model in the space, name one` };
    path = [...targets][0];
  }
  const section = sectionOf(path);
  if (model && section && section !== model)
    return { ok: false, message: `${path} has no effect: the trials train ${model} models (set base.model, or put model in the space)` };
  return { ok: true, path };
}

function strictDeep(schema: z.ZodType, prefix: string): z.ZodType {
  // Wrappers are cloned with a stricter inside, so defaults and nullability stay as they were.
  if (schema instanceof z.ZodDefault) return schema.clone({ ...schema.def, innerType: strictDeep(schema.unwrap() as z.ZodType, prefix) });
  if (schema instanceof z.ZodNullable) return schema.clone({ ...schema.def, innerType: strictDeep(schema.unwrap() as z.ZodType, prefix) });
  if (schema instanceof z.ZodOptional) return schema.clone({ ...schema.def, innerType: strictDeep(schema.unwrap() as z.ZodType, prefix) });
  if (!(schema instanceof z.ZodObject)) return schema;
  const shape = Object.fromEntries(Object.entries(schema.shape as Record<string, z.ZodType>).map(([k, v]) => [k, strictDeep(v, `${prefix}${k}.`)]));
  const strict = z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys' ? iss.keys.map((k) => keyMessage(`unknown config key "${prefix}${k}"`, `${prefix}${k}`, null)).join('; ') : undefined,
  });
  // Refinements on the section (cross-field rules) stay.
  const checks = (schema.def.checks ?? []) as z.core.$ZodCheck<Record<string, unknown>>[];
  return checks.length ? strict.check(...checks) : strict;
}

/**
 * The config schema refusing, at every level, keys it would otherwise drop: for configs people
 * write (a sweep's base, runs.start over the API), where a dropped key trains the default.
 */
export const strictTrainConfigSchema = strictDeep(trainConfigSchema, '') as typeof trainConfigSchema;

/** Why `value` can't go at `path` (one line), or null when it can. */
export function configValueProblem(path: string, value: unknown): string | null {
  const schema = CONFIG_PATHS.get(path);
  if (!schema) return `unknown config key "${path}"`;
  const r = schema.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0];
  return `${JSON.stringify(value)} is not a valid ${path}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

/** A copy of a raw config with one path set; only known paths, so no key reaches a prototype. */
export function setConfigPath(config: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  if (!CONFIG_PATHS.has(path)) throw new Error(`unknown config key "${path}"`);
  const set = (obj: Record<string, unknown>, [head, ...rest]: string[]): Record<string, unknown> => {
    const inner = obj[head];
    const section = inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>) : {};
    return { ...obj, [head]: rest.length ? set(section, rest) : value };
  };
  return set(config, path.split('.'));
}

/** The value at a path of a config. */
export function getConfigPath(config: TrainConfig, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), config);
}
