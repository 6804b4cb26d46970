import type { Core } from '../core';
import { readSettings } from '../settings-store';

// Settings › pushTo: each run this process trains is pushed to the team server when it ends.
// A failure is one logged line; the run stays as it ended, and `cairn push` catches up later.

const ENDED = new Set(['finished', 'failed', 'cancelled']);

export class AutoPush {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly core: Core) {
    core.events.on('run.status', ({ runId, status, run }) => {
      // Runs logged through the MLflow API or pulled from a server are not this process's to push.
      if (!ENDED.has(status) || run.origin !== null || run.modelType === 'external') return;
      const to = readSettings(core.db).pushTo;
      if (to) this.start(runId, to);
    });
  }

  private start(runId: string, to: string): void {
    const job = this.pushOne(runId, to)
      .catch((err) => console.error(`cairn: pushing run ${runId} to ${to} failed: ${err instanceof Error ? err.message : String(err)} (cairn push --to ${to} retries it)`))
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  private async pushOne(runId: string, to: string): Promise<void> {
    const [{ push }, { MlflowClient, authFromEnv }] = await Promise.all([import('./push'), import('./mlflow-client')]);
    await push(this.core, new MlflowClient(to, { auth: authFromEnv(), attempts: 4 }), { runIds: [runId] });
  }

  /** Resolves once every push started so far has ended (a CLI command waits for it before closing). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
