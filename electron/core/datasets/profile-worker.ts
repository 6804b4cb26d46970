import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors';
import type { TableFormat } from './csv-parse';
import { profileTable, type LabelRequest } from './profile-table';

/** Entry of the thread profile-aside.ts starts: one checking pass over a table, its scan or its error posted back. */
const { file, format, label, countDir } = workerData as { file: string; format: TableFormat; label: LabelRequest; countDir: string };
profileTable(file, format, label, countDir).then(
  (scan) => parentPort!.postMessage({ scan }),
  (err: Error) => parentPort!.postMessage({ error: err.message, code: err instanceof UserError ? err.code : null }),
);
