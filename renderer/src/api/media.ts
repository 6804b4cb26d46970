import { MEDIA_PREFIX, TOKEN_STORAGE_KEY } from '../../../shared/api/http';

/**
 * Where an <img> loads a stored image (or its cached thumbnail): the app:// protocol under
 * Electron, `cairn serve`'s media route with the token in the query in a browser.
 */
export function mediaUrl(hash: string, size?: 64 | 128 | 256): string {
  const query = size ? `?size=${size}` : '';
  if (window.cairn) return `app://cairn${MEDIA_PREFIX}${hash}${query}`;
  const token = sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '';
  return `${MEDIA_PREFIX}${hash}${query}${query ? '&' : '?'}token=${encodeURIComponent(token)}`;
}
