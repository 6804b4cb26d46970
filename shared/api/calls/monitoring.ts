import { z } from 'zod';
import type { DatasetDriftResult } from '../../stats';

const versionRef = z.object({ datasetId: z.number().int(), version: z.number().int().optional() });

export const monitoringCalls = {
  /** Current data (a later version, or a CSV file on the core's machine) against a reference version. */
  'monitoring.drift': z.object({
    reference: versionRef,
    current: z.union([versionRef, z.object({ path: z.string().min(1) })]),
    shareThreshold: z.number().gt(0).max(1).default(0.5),
  }),
} satisfies Record<string, z.ZodType>;

export interface DriftReportResult extends DatasetDriftResult {
  reference: string;
  current: string;
  missingColumns: string[];
}

export interface MonitoringResults {
  'monitoring.drift': DriftReportResult;
}
