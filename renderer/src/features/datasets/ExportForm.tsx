import { useState } from 'react';
import { useExportTarget } from '../../components/useExportTarget';
import { exportTarget, type ExportFormat } from './datasetFormat';
import { useDatasetDetail, type DatasetDetail } from './datasetDetailStore';

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'csv', label: 'CSV' },
  { value: 'jsonl', label: 'JSON Lines' },
  { value: 'coco', label: 'COCO (folder)' },
  { value: 'yolo', label: 'YOLO (folder)' },
];

/** Writes a version on the machine running the core; the path is typed, or picked in the desktop app. */
export function ExportForm({ detail }: { detail: DatasetDetail }) {
  const exportVersion = useDatasetDetail((s) => s.exportVersion);
  const [version, setVersion] = useState(detail.latest.version);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const { canBrowse, path, setPath, busy, error, result, browse, onSubmit } = useExportTarget(
    (target) => exportVersion({ version, format, path: target }),
    (folder) => exportTarget(folder, detail.name, version, format),
  );
  const numbers = detail.versions.map((v) => v.version).sort((a, b) => b - a);

  return (
    <form className="card dataset-panel" data-testid="dataset-export-form" onSubmit={onSubmit}>
      <h2>Export</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="dataset-export-version">Version</label>
          <select id="dataset-export-version" data-testid="dataset-export-version" value={version} onChange={(e) => setVersion(Number(e.target.value))}>
            {numbers.map((n) => (
              <option key={n} value={n}>
                v{n}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dataset-export-format">Format</label>
          <select id="dataset-export-format" data-testid="dataset-export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-wide">
          <label htmlFor="dataset-export-path">{format === 'csv' || format === 'jsonl' ? 'Target file' : 'Target folder'}</label>
          <input
            id="dataset-export-path"
            data-testid="dataset-export-path"
            value={path}
            required
            placeholder={exportTarget('/home/me/exports', detail.name, version, format)}
            onChange={(e) => setPath(e.target.value)}
          />
          {canBrowse && (
            <div className="browse-buttons">
              <button type="button" className="btn" data-testid="dataset-export-browse" onClick={() => void browse()}>
                Choose folder…
              </button>
            </div>
          )}
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="dataset-export-error">
          {error}
        </p>
      )}
      {result && (
        <p className="success" data-testid="dataset-export-result" data-path={result.path} data-rows={result.rows}>
          Wrote {result.rows.toLocaleString()} rows to <code>{result.path}</code>
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="dataset-export-submit" disabled={busy || !path.trim()}>
          {busy ? 'Exporting…' : 'Export'}
        </button>
      </div>
    </form>
  );
}
