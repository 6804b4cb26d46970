import { z } from 'zod';
import type { EngineInfo } from '../../domain';

export interface AppInfo {
  version: string;
  dataDir: string;
  transport: 'electron' | 'http';
  /** The engine `auto` resolves to on this machine, probed once in a worker. */
  engine: EngineInfo | null;
  samplesAvailable: string[];
}

export const appCalls = {
  'app.info': z.object({}),
  /** A native file or folder picker; only the desktop app has one. */
  'dialog.openPath': z.object({ kind: z.enum(['file', 'folder']) }),
} satisfies Record<string, z.ZodType>;

export interface AppResults {
  'app.info': AppInfo;
  'dialog.openPath': string | null;
}
