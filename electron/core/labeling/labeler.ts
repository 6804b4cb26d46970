import os from 'node:os';
import type { Db } from '../store/database';
import { readSettings } from '../settings-store';

/** Who a label is recorded for: the call's labeler, else the name in settings, else the OS user. */
export function currentLabeler(db: Db, explicit?: string): string {
  if (explicit) return explicit;
  const fromSettings = readSettings(db).labelerName;
  if (fromSettings) return fromSettings;
  try {
    return os.userInfo().username || 'labeler';
  } catch {
    return 'labeler';
  }
}
