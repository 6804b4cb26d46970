import { TOKEN_STORAGE_KEY } from '../../../shared/api/http';

/**
 * The access token for `cairn serve`. It arrives once as `?token=` and is moved to
 * sessionStorage at once, so it neither lingers in the address bar nor in history entries.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_STORAGE_KEY);
}
