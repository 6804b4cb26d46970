// The HTTP/WebSocket transport's wire format, shared by `cairn serve` and the browser client.
//   POST /api/call/<name>   body: the call's input as JSON   -> CallResponse JSON (HTTP 200, or 4xx/5xx with ok:false)
//   GET  /api/events?token= WebSocket; server sends { event, payload } frames
//   GET  /media/<sha256>?size=128&token=  a stored image, or its cached thumbnail (64, 128 or 256 px)
//   GET  /download/bundle?ref=<model ref>&token=  a model's handoff bundle (zip), as an attachment
// Every /api request carries `Authorization: Bearer <token>`; the page gets the token from the
// URL's `?token=` on first load and keeps it in sessionStorage.

export const API_PREFIX = '/api/call/';
export const EVENTS_PATH = '/api/events';
export const MEDIA_PREFIX = '/media/';
/** Links and downloads cannot send a header, so like media this route also takes the token in the query. */
export const BUNDLE_DOWNLOAD_PATH = '/download/bundle';
export const TOKEN_STORAGE_KEY = 'cairn.token';
/** The server closes event sockets with this code when the token they were opened with is rotated. */
export const TOKEN_ROTATED_CLOSE = 4001;

export interface EventFrame {
  event: string;
  payload: unknown;
}
