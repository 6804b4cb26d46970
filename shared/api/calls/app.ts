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

/** Files removed (or, in a dry run, that would be) and their bytes. */
export interface FilesSwept {
  count: number;
  bytes: number;
}

/** What `cairn gc` removed from the data folder. */
export interface GcReport {
  dryRun: boolean;
  minAgeMinutes: number;
  /** Stored files no row points at. */
  blobs: FilesSwept;
  /** `files` rows no row points at. */
  rows: number;
  /** Cached thumbnails of files no longer stored. */
  thumbnails: FilesSwept;
  /** Temp files of processes that died mid-write. */
  temp: FilesSwept;
  /** Unreferenced files kept: younger than the minimum age, or named by an import still running. */
  kept: FilesSwept;
  /** What the start-up of this command already removed (see leftovers.ts). */
  atOpen: FilesSwept;
  /** Everything removed (or, with dryRun, that would be), start-up sweep included. */
  bytesFreed: number;
}

export const appCalls = {
  'app.info': z.object({}),
  /** Loads every engine in a worker of its own: slow (seconds), so only on request. */
  'app.engines': z.object({}),
  /** A native file or folder picker; only the desktop app has one. */
  'dialog.openPath': z.object({ kind: z.enum(['file', 'folder']) }),
  /** Removes stored files nothing refers to, stale thumbnails and temp files; younger unreferenced files are kept (an import elsewhere may be about to record them). */
  'app.gc': z.object({ dryRun: z.boolean().default(false), minAgeMinutes: z.number().min(0).default(60) }),
} satisfies Record<string, z.ZodType>;

export interface AppResults {
  'app.info': AppInfo;
  'app.engines': EngineCheck[];
  'dialog.openPath': string | null;
  'app.gc': GcReport;
}
