import { z } from 'zod';

/**
 * What a call input may name a thing by: its id (the app holds ids), or its name (the CLI and
 * scripts know names). One schema per kind, so every call takes both the same way; the core
 * resolves either with one resolver per kind, whose not_found names what was missing. A name is
 * looked up as given: an empty or padded one is simply not found.
 */
export const datasetKey = z.union([z.number().int(), z.string().max(200)]);
export type DatasetKey = z.infer<typeof datasetKey>;

export const experimentKey = z.union([z.number().int(), z.string().max(200)]);
export type ExperimentKey = z.infer<typeof experimentKey>;
