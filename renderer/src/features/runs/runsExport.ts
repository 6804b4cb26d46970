import type { StateCreator } from 'zustand';
import { csvLine } from '../../../../shared/csv/write';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { downloadText } from '../../lib/csv';
import { csvValue } from './columns';
import type { RunsState } from './runsStore';

const EXPORT_PAGE = 5000;
const ALWAYS = ['id', 'name', 'status', 'starred'];

export interface RunsExport {
  exportCsv(): Promise<void>;
}

export const runsExport: StateCreator<RunsState, [], [], RunsExport> = (set, get) => ({
  async exportCsv() {
    const keys = [...ALWAYS, ...get().columns.filter((k) => !ALWAYS.includes(k))];
    set({ busy: 'export', actionError: null });
    try {
      const lines = [csvLine(keys)];
      // Same filter and sort as on screen, all pages: the file is the view, not the rows loaded.
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        const page = await api.call('runs.query', get().queryInput(offset, EXPORT_PAGE));
        for (const run of page.runs) lines.push(csvLine(keys.map((k) => csvValue(run, k))));
        if (page.runs.length < EXPORT_PAGE || offset + EXPORT_PAGE >= page.total) break;
      }
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      downloadText(`cairn-runs-${stamp}.csv`, `${lines.join('\r\n')}\r\n`);
    } catch (err) {
      set({ actionError: errorMessage(err) });
    } finally {
      set({ busy: null });
    }
  },
});
