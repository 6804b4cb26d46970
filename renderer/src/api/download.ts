import { BUNDLE_DOWNLOAD_PATH, TOKEN_STORAGE_KEY } from '../../../shared/api/http';

/**
 * Where a browser downloads a model's handoff bundle from `cairn serve` (a plain link can send
 * no header, so the token rides in the query as for media). Null in the desktop app, which
 * writes the bundle to a path it picks instead.
 */
export function bundleDownloadUrl(ref: string): string | null {
  if (window.cairn) return null;
  const token = sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '';
  return `${BUNDLE_DOWNLOAD_PATH}?ref=${encodeURIComponent(ref)}&token=${encodeURIComponent(token)}`;
}
