import { z } from 'zod';
import type { EngineInfo, EngineName, GpuAdapterInfo } from '../../domain';

export interface AppInfo {
  version: string;
  dataDir: string;
  transport: 'electron' | 'http';
  /** The engine `auto` resolves to on this machine, probed once in a worker. */
  engine: EngineInfo | null;
  samplesAvailable: string[];
}

/** One engine as `cairn doctor` and Settings → Engines show it. */
export interface EngineCheck {
  engine: EngineName;
  available: boolean;
  /** The engine `auto` picks on this machine. */
  chosenByAuto: boolean;
  device: 'gpu' | 'cpu' | null;
  backend: string | null;
  adapter?: GpuAdapterInfo;
  /** What it runs on, or why it does not load. */
  detail: string;
  /** What would make it load (or use the GPU), where something would. */
  fix: string | null;
}

export const appCalls = {
  'app.info': z.object({}),
  /** Loads every engine in a worker of its own: slow (seconds), so only on request. */
  'app.engines': z.object({}),
  /** A native file or folder picker; only the desktop app has one. */
  'dialog.openPath': z.object({ kind: z.enum(['file', 'folder']) }),
} satisfies Record<string, z.ZodType>;

export interface AppResults {
  'app.info': AppInfo;
  'app.engines': EngineCheck[];
  'dialog.openPath': string | null;
}
