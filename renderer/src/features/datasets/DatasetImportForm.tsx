import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useShell } from '../shell/shellStore';
import { useDatasets } from './datasetsStore';

/** Import a CSV file or an image folder (one sub-folder per class) by its path on the core's machine. */
export function DatasetImportForm() {
  const { importPath, busy, actionError, failedAction } = useDatasets();
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [labelColumn, setLabelColumn] = useState('');
  const [done, setDone] = useState<string | null>(null);
  // Only the desktop app has a native picker; in a browser the path is typed.
  const canBrowse = useShell((s) => s.info?.transport === 'electron');

  const browse = async (kind: 'file' | 'folder') => {
    const picked = await api.call('dialog.openPath', { kind });
    if (picked) setPath(picked);
  };

  // Suggest a name from the file or folder name, which is what people type anyway.
  const suggestedName = path.trim().split(/[\\/]/).filter(Boolean).pop()?.replace(/\.[^.]+$/, '') ?? '';

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const dataset = await importPath({ path: path.trim(), name: name.trim() || suggestedName, labelColumn: labelColumn.trim() || undefined });
    if (dataset) {
      setDone(`Imported ${dataset.name} (v${dataset.latest.version}, ${dataset.latest.rows} rows)`);
      setPath('');
      setName('');
      setLabelColumn('');
    }
  };

  return (
    <form className="card import-form" data-testid="dataset-import-form" onSubmit={onSubmit}>
      <h2>Import a dataset</h2>
      <p className="muted">A CSV file, or a folder of images with one sub-folder per class. The path is read on the machine running Cairn.</p>
      <div className="form-grid">
        <div className="field field-wide">
          <label htmlFor="import-path">Path</label>
          <input
            id="import-path"
            data-testid="import-path"
            value={path}
            placeholder="/home/me/data/iris.csv"
            onChange={(e) => setPath(e.target.value)}
            required
          />
          {canBrowse && (
            <div className="browse-buttons">
              <button type="button" className="btn" onClick={() => void browse('file')}>
                Choose file…
              </button>
              <button type="button" className="btn" onClick={() => void browse('folder')}>
                Choose folder…
              </button>
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="import-name">Name</label>
          <input
            id="import-name"
            data-testid="import-name"
            value={name}
            placeholder={suggestedName || 'iris'}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="import-label">Label column</label>
          <input id="import-label" data-testid="import-label" value={labelColumn} placeholder="CSV only; default: label, target or class, else the last column" onChange={(e) => setLabelColumn(e.target.value)} />
        </div>
      </div>
      {actionError && failedAction === 'import' && <p className="field-error" role="alert">{actionError}</p>}
      {done && <p className="success">{done}</p>}
      <div className="form-actions">
        <button type="submit" className="btn" data-testid="import-dataset" disabled={busy !== null || !path.trim() || !(name.trim() || suggestedName)}>
          {busy === 'import' ? 'Importing…' : 'Import'}
        </button>
      </div>
    </form>
  );
}
