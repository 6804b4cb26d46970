import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { CairnError } from '../../../shared/api/contract';
import { UserError } from '../errors';
import { PROFILE_WORKER_ENTRY } from '../paths';
import type { TableFormat } from './csv-parse';
import { profileTable, type LabelRequest, type TableScan } from './profile-table';

type Answer = { scan: TableScan } | { error: string; code: CairnError['code'] | null };

/**
 * Profiles a table in a worker thread while the caller converts its rows: an import's two passes
 * over the file take two cores at once instead of one after the other. Where no worker starts
 * (no built entry; a packaged app that cannot load one) or one dies unanswered, the pass runs here.
 */
export function profileAside(
  file: string,
  format: TableFormat,
  label: LabelRequest,
  countDir: string,
  entry = PROFILE_WORKER_ENTRY,
): { scan: Promise<TableScan>; stop(): void } {
  let worker: Worker | null = null;
  const scan = new Promise<TableScan>((resolve, reject) => {
    const here = () => void profileTable(file, format, label, countDir).then(resolve, reject);
    if (!fs.existsSync(entry)) return here();
    try {
      worker = new Worker(entry, { workerData: { file, format, label, countDir } });
    } catch {
      return here();
    }
    let answered = false;
    worker.once('message', (m: Answer) => {
      answered = true;
      if ('scan' in m) resolve(m.scan);
      else reject(m.code ? new UserError(m.error, m.code) : new Error(m.error));
    });
    worker.once('error', () => answered || here());
  });
  // The caller may stop listening (its own pass failed first): a later rejection is not a crash.
  scan.catch(() => {});
  return { scan, stop: () => void worker?.terminate() };
}
