import { z } from 'zod';

// App settings, kept in the data folder's database so the CLI and the app agree on them.

const pushToSchema = z.url({ protocol: /^https?$/, error: 'pushTo must be an http(s) URL of an MLflow tracking server' }).max(2000);

export const settingsSchema = z.object({
  /** What an hour of this machine's compute costs, for run and sweep cost estimates. */
  pricePerHour: z.number().min(0).max(1e6).default(0),
  currency: z.string().trim().min(1).max(8).default('USD'),
  /** Who labels, recorded with every label. */
  labelerName: z.string().trim().max(200).default(''),
  /** The desktop app answers MLflow's tracking API on this port while enabled (cairn serve always does). */
  mlflowServer: z
    .object({ enabled: z.boolean().default(false), port: z.number().int().min(1).max(65535).default(5000) })
    .default({ enabled: false, port: 5000 }),
  /** A team MLflow tracking server each run is pushed to when it ends (`cairn push`); null: none. */
  pushTo: pushToSchema.nullable().default(null),
  /** Where pipelines' notify steps POST their outcome when the spec names no webhook; empty: none. */
  pipelineWebhook: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]).default(''),
  /** The desktop app and `cairn serve` run the watch loop of every known pipeline while they are open. */
  pipelinesEnabled: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = z.object({
  pricePerHour: z.number().min(0).max(1e6).optional(),
  currency: z.string().trim().min(1).max(8).optional(),
  labelerName: z.string().trim().max(200).optional(),
  mlflowServer: z.object({ enabled: z.boolean().optional(), port: z.number().int().min(1).max(65535).optional() }).optional(),
  pushTo: pushToSchema.nullable().optional(),
  pipelineWebhook: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]).optional(),
  pipelinesEnabled: z.boolean().optional(),
});

/** Estimated cost of a stretch of compute time at the configured price. */
export function computeCost(ms: number, s: Pick<Settings, 'pricePerHour'>): number {
  return (Math.max(0, ms) / 3_600_000) * s.pricePerHour;
}
