import type { MlflowClient } from '../../core/mlflow-sync/mlflow-client';

/** A client for --to/--from with the credentials MLflow's own client reads; retries are reported on a TTY. */
export async function syncClient(uri: string): Promise<MlflowClient> {
  const { MlflowClient, authFromEnv } = await import('../../core/mlflow-sync/mlflow-client');
  return new MlflowClient(uri, {
    auth: authFromEnv(),
    onRetry: ({ waitMs, reason }) => {
      if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${reason}: retrying in ${(waitMs / 1000).toFixed(1)} s\n`);
    },
  });
}

/** A one-line bar on stderr when it is a terminal; nothing in pipes and logs. */
export function progressBar(unit: string): { update: (done: number, total: number, what: string) => void; done: () => void } {
  const tty = process.stderr.isTTY;
  let shown = false;
  return {
    update: (done, total, what) => {
      if (!tty || total === 0) return;
      const width = 24;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit}  ${what.slice(0, 40)}`);
      shown = true;
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
