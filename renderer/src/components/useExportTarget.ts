import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { errorMessage } from '../api/errors';
import { useShell } from '../features/shell/shellStore';

export type ExportOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The state an export form keeps: a target path on the core's machine (typed, or a folder picked
 * in the desktop app and completed by `targetIn`), the call in flight, its error or result.
 */
export function useExportTarget<T>(write: (path: string) => Promise<ExportOutcome<T>>, targetIn: (folder: string) => string) {
  // Only the desktop app has a native picker; in a browser the path is typed.
  const canBrowse = useShell((s) => s.info?.transport === 'electron');
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<T | null>(null);

  const browse = async () => {
    try {
      const folder = await api.call('dialog.openPath', { kind: 'folder' });
      if (folder) setPath(targetIn(folder));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const r = await write(path.trim());
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.message);
  };

  return { canBrowse, path, setPath, busy, error, result, browse, onSubmit };
}
