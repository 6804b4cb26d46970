import type { Events } from '../../../shared/api/contract';
import { UserError } from '../errors';
import { readSettings } from '../settings-store';
import type { StepEnv, StepResult } from './steps/types';

/** What a webhook receives and the desktop shows: the event the contract declares. */
type PipelineNotice = Events['pipelines.notice'];

const ATTEMPT_TIMEOUT_MS = 10_000;

/** The run's outcome to the desktop (an event the Electron main shows) and to the webhook: the step's, else the settings'. */
export async function notifyStep(env: StepEnv<'notify'>): Promise<StepResult> {
  const o = env.outcome();
  const title = `${env.spec.name}: ${o.decision ?? o.status}`;
  const notice: PipelineNotice = {
    pipeline: env.spec.name,
    runId: env.pipelineRunId,
    trigger: env.trigger.label,
    status: o.status,
    decision: o.decision,
    reason: o.reason,
    steps: o.steps,
    title,
    body: o.reason ?? o.status,
  };
  if (env.step.desktop) env.deps.events.emit('pipelines.notice', notice);
  const webhook = env.step.webhook ?? (readSettings(env.deps.db).pipelineWebhook || null);
  if (!webhook) return { status: 'succeeded', outputs: { desktop: env.step.desktop, webhook: null } };
  const attempts = await postWebhook(webhook, notice, env.step.retries, env.log);
  return { status: 'succeeded', outputs: { desktop: env.step.desktop, webhook: { host: new URL(webhook).host, attempts } } };
}

/**
 * POSTs the JSON, retrying network errors, 429 and 5xx with doubling waits (0.5 s, 1 s, 2 s…);
 * another 4xx is final. Only the host is logged: a webhook URL often carries its secret.
 */
export async function postWebhook(url: string, body: unknown, retries: number, log: (line: string) => void, sleep = delay): Promise<number> {
  const host = new URL(url).host;
  let last = '';
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'cairn-pipelines' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      if (res.ok) {
        log(`webhook ${host}: ${res.status} on attempt ${attempt}`);
        return attempt;
      }
      last = `HTTP ${res.status}`;
      if (res.status < 500 && res.status !== 429) break;
    } catch (err) {
      last = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message;
    }
    log(`webhook ${host}: attempt ${attempt} failed (${last})`);
    if (attempt <= retries) await sleep(500 * 2 ** (attempt - 1));
  }
  throw new UserError(`webhook ${host}: not delivered (${last})`);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
