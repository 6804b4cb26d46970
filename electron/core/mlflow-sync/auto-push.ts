import type { Services } from '../services';
import { readSettings } from '../settings-store';
import type { PushDeps } from './push-context';

// Settings › pushTo: each run this process trains is pushed to the team server when it ends.
// A failure is one logged line; the run stays as it ended, and `cairn push` catches up later.

const ENDED = new Set(['finished', 'failed', 'cancelled']);

export class AutoPush {
  /** Pushes run one after another: two at once of the same run could both create it on the server. */
  private queue: Promise<void> = Promise.resolve();
  private readonly waiting = new Set<string>();

  constructor(private readonly deps: PushDeps & Pick<Services, 'events'>) {
    deps.events.on('run.status', ({ runId, status, run }) => {
      // Runs logged through the MLflow API or pulled from a server are not this process's to push.
      if (!ENDED.has(status) || run.origin !== null || run.modelType === 'external') return;
      const to = readSettings(deps.db).pushTo;
      if (to) this.start(runId, to);
    });
  }

  private start(runId: string, to: string): void {
    // A run ending emits its status more than once; one push waiting for it is enough.
    if (this.waiting.has(runId)) return;
    this.waiting.add(runId);
    this.queue = this.queue.then(() => {
      this.waiting.delete(runId);
      return this.pushOne(runId, to).catch((err) =>
        console.error(`cairn: pushing run ${runId} to ${to} failed: ${err instanceof Error ? err.message : String(err)} (cairn push --to ${to} retries it)`),
      );
    });
  }

  private async pushOne(runId: string, to: string): Promise<void> {
    const [{ push }, { MlflowClient, authFromEnv }] = await Promise.all([import('./push'), import('./mlflow-client')]);
    await push(this.deps, new MlflowClient(to, { auth: authFromEnv(), attempts: 4 }), { runIds: [runId] });
  }

  /** Resolves once every push started so far has ended (a CLI command waits for it before closing). */
  async idle(): Promise<void> {
    for (let seen: Promise<void> | null = null; seen !== this.queue;) {
      seen = this.queue;
      await seen;
    }
  }
}
