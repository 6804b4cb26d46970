import { useState, type DragEvent, type FormEvent } from 'react';
import { api } from '../../api';
import { useShell } from '../shell/shellStore';
import { useDatasets } from './datasetsStore';
import { ImportProgress } from './ImportProgress';

const TABLE_FILES = '.csv,.tsv,.gz,.jsonl,.ndjson,.txt';

/**
 * Import a table, a text file or an image folder: by a path on the core's machine, by the
 * desktop app's pickers, or by dropping a file (a browser uploads it to `cairn serve` first).
 */
export function DatasetImportForm() {
  const { importDataset, busy, actionError, failedAction, importStage } = useDatasets();
  const [path, setPath] = useState('');
  // A file to upload: only in a browser, which cannot hand the core a path.
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [labelColumn, setLabelColumn] = useState('');
  const [unlabeled, setUnlabeled] = useState(false);
  const [labels, setLabels] = useState('');
  const [nonImages, setNonImages] = useState<'skip' | 'reject'>('skip');
  const [dragging, setDragging] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const desktop = useShell((s) => s.info?.transport === 'electron');

  const browse = async (kind: 'file' | 'folder', set: (p: string) => void) => {
    const picked = await api.call('dialog.openPath', { kind });
    if (picked) set(picked);
  };

  const take = (picked: File) => {
    const onDisk = window.cairn?.pathForFile(picked);
    if (onDisk) {
      setPath(onDisk);
      setFile(null);
    } else {
      setFile(picked);
      setPath('');
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) take(dropped);
  };

  // Suggest a name from the file or folder name, which is what people type anyway.
  const source = file?.name ?? path.trim().split(/[\\/]/).filter(Boolean).pop() ?? '';
  const suggestedName = source.replace(/\.(csv|tsv|jsonl|ndjson|txt)(\.gz)?$|\.[^.]+$/i, '');

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const options = {
      name: name.trim() || suggestedName,
      labelColumn: unlabeled ? undefined : labelColumn.trim() || undefined,
      unlabeled: unlabeled || undefined,
      labels: labels.trim() || undefined,
      nonImages,
    };
    const dataset = await importDataset(file ? { ...options, file } : { ...options, path: path.trim() });
    if (dataset) {
      const skipped = dataset.skipped.length
        ? `; skipped ${dataset.skipped.length} non-image files (${dataset.skipped.slice(0, 3).join(', ')}${dataset.skipped.length > 3 ? ', …' : ''})`
        : '';
      setDone(`Imported ${dataset.name} (v${dataset.latest.version}, ${dataset.latest.rows} rows)${skipped}`);
      setPath('');
      setFile(null);
      setName('');
      setLabelColumn('');
      setLabels('');
    }
  };

  return (
    <form className="card import-form" data-testid="dataset-import-form" onSubmit={onSubmit}>
      <h2>Import a dataset</h2>
      <p className="muted">
        A CSV/TSV or JSON Lines table (also .gz), a .txt file with one text per line, or a folder of images: one sub-folder per class, or flat with a labels
        CSV.
        {desktop ? ' Drop a file or folder below, or give its path.' : ' Drop or choose a file to upload it, or give a path on the machine running Cairn.'}
      </p>
      <div
        className="field field-wide"
        data-testid="import-drop"
        data-dragging={dragging}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{ border: `2px dashed ${dragging ? 'var(--accent, #4c8bf5)' : 'var(--border, #ccc)'}`, borderRadius: 6, padding: 12 }}
      >
        <label htmlFor="import-path">Path</label>
        {file ? (
          <div className="browse-buttons">
            <span data-testid="import-file-name">{file.name}</span>
            <span className="muted">{(file.size / 1024 ** 2).toFixed(1)} MB, uploaded on import</span>
            <button type="button" className="btn" onClick={() => setFile(null)}>
              Clear
            </button>
          </div>
        ) : (
          <input
            id="import-path"
            data-testid="import-path"
            value={path}
            placeholder="/home/me/data/iris.csv, or drop a file here"
            onChange={(e) => setPath(e.target.value)}
          />
        )}
        <div className="browse-buttons">
          {desktop ? (
            <>
              <button type="button" className="btn" onClick={() => void browse('file', setPath)}>
                Choose file…
              </button>
              <button type="button" className="btn" onClick={() => void browse('folder', setPath)}>
                Choose folder…
              </button>
            </>
          ) : (
            <label className="btn">
              Choose file…
              <input
                type="file"
                data-testid="import-file"
                accept={TABLE_FILES}
                hidden
                onChange={(e) => {
                  const picked = e.target.files?.[0];
                  if (picked) take(picked);
                  e.target.value = '';
                }}
              />
            </label>
          )}
        </div>
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="import-name">Name</label>
          <input id="import-name" data-testid="import-name" value={name} placeholder={suggestedName || 'iris'} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="import-label">Label column</label>
          <input
            id="import-label"
            data-testid="import-label"
            value={labelColumn}
            disabled={unlabeled}
            placeholder="Tables; default: label, target, class or y, else the last column"
            onChange={(e) => setLabelColumn(e.target.value)}
          />
          <label className="checkbox">
            <input type="checkbox" data-testid="import-unlabeled" checked={unlabeled} onChange={(e) => setUnlabeled(e.target.checked)} /> No label column (label
            it later)
          </label>
        </div>
        <div className="field">
          <label htmlFor="import-labels">Labels CSV</label>
          <input
            id="import-labels"
            data-testid="import-labels"
            value={labels}
            placeholder="Flat image folders: filename,label"
            onChange={(e) => setLabels(e.target.value)}
          />
          {desktop && (
            <button type="button" className="btn" onClick={() => void browse('file', setLabels)}>
              Choose…
            </button>
          )}
        </div>
        <div className="field">
          <label htmlFor="import-non-images">Files that are not images</label>
          <select id="import-non-images" data-testid="import-non-images" value={nonImages} onChange={(e) => setNonImages(e.target.value as 'skip' | 'reject')}>
            <option value="skip">Skip them</option>
            <option value="reject">Reject the folder</option>
          </select>
        </div>
      </div>
      {importStage && <ImportProgress stage={importStage} />}
      {actionError && failedAction === 'import' && (
        <p className="field-error" role="alert">
          {actionError}
        </p>
      )}
      {done && (
        <p className="success" data-testid="import-done">
          {done}
        </p>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="btn"
          data-testid="import-dataset"
          disabled={busy !== null || !(file || path.trim()) || !(name.trim() || suggestedName)}
        >
          {busy === 'import' ? 'Importing…' : 'Import'}
        </button>
      </div>
    </form>
  );
}
