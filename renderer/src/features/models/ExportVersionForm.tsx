import { bundleDownloadUrl } from '../../api/download';
import { useExportTarget } from '../../components/useExportTarget';
import { joinPath } from '../../lib/paths';
import { useModels } from './modelsStore';

/**
 * A version's handoff bundle (.zip): downloaded by a browser, or written to a path on the
 * machine running the core (the desktop app's only way, and a server-side copy from a browser).
 */
export function ExportVersionForm({ model, version, onClose }: { model: string; version: number; onClose(): void }) {
  const exportVersion = useModels((s) => s.exportVersion);
  const fileName = `${model.replace(/[^A-Za-z0-9_.-]+/g, '_')}-v${version}.zip`;
  const downloadUrl = bundleDownloadUrl(`${model}@${version}`);
  const { canBrowse, path, setPath, busy, error, result, browse, onSubmit } = useExportTarget(
    async (target) => {
      const r = await exportVersion(model, version, target);
      return r.ok ? { ok: true, value: r.result } : r;
    },
    (folder) => joinPath(folder, fileName),
  );

  return (
    <form className="card export-form" data-testid="export-form" onSubmit={onSubmit}>
      <h2>
        Export {model} v{version}
      </h2>
      <p className="muted">A zip with the tfjs and ONNX model, preprocessing, model card, the evaluation and a manifest.</p>
      {downloadUrl && (
        <p>
          <a className="btn btn-primary" href={downloadUrl} download={fileName} data-testid="download-bundle">
            Download {fileName}
          </a>
        </p>
      )}
      {downloadUrl && <p className="muted">Or write it on the machine running Cairn:</p>}
      <div className="form-grid">
        <div className="field field-wide">
          <label htmlFor="export-path">Target file</label>
          <input
            id="export-path"
            data-testid="export-path"
            value={path}
            placeholder={`/home/me/handoff/${fileName}`}
            required
            onChange={(e) => setPath(e.target.value)}
          />
          {canBrowse && (
            <div className="browse-buttons">
              <button type="button" className="btn" data-testid="export-browse" onClick={() => void browse()}>
                Choose folder…
              </button>
            </div>
          )}
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="export-error">
          {error}
        </p>
      )}
      {result && (
        <div className="success" data-testid="export-result" data-path={result.path}>
          Wrote <code>{result.path}</code> ({result.files.length + 1} files)
          {!result.onnx.included && <div className="muted">No model.onnx in the bundle: {result.onnx.reason}</div>}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
        <button type="submit" className={downloadUrl ? 'btn' : 'btn btn-primary'} data-testid="confirm-export" disabled={busy || !path.trim()}>
          {busy ? 'Exporting…' : downloadUrl ? 'Write file' : 'Export'}
        </button>
      </div>
    </form>
  );
}
