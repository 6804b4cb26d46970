import type { z } from 'zod';
import { settingsSchema, type Settings, type settingsPatchSchema } from '../../shared/settings';
import type { Db } from './store/database';

const KEY = 'app';

export function readSettings(db: Db): Settings {
  const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  // Settings written by an older build may lack newer fields; the schema fills their defaults.
  return settingsSchema.parse(raw ? JSON.parse(raw) : {});
}

/** The project's gate expressions (key `gates`, a JSON array); none until set. */
export function readProjectGates(db: Db): string[] {
  const raw = db.prepare("SELECT value FROM settings WHERE key = 'gates'").pluck().get() as string | undefined;
  if (raw === undefined) return [];
  const parsed = JSON.parse(raw) as unknown;
  return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === 'string') : [];
}

export function writeProjectGates(db: Db, gates: string[]): void {
  db.prepare("INSERT INTO settings (key, value) VALUES ('gates', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify(gates));
}

export function writeSettings(db: Db, patch: z.infer<typeof settingsPatchSchema>): Settings {
  const current = readSettings(db);
  // A field left out (`cairn settings set --currency EUR` says nothing of the price) keeps its value.
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const next = settingsSchema.parse({ ...current, ...given, mlflowServer: { ...current.mlflowServer, ...patch.mlflowServer } });
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(next));
  return next;
}
