import type { CairnApi } from '../../../shared/api/contract';
import type { DesktopBridge } from '../../../shared/api/desktop';
import { useConnection } from './connection';
import { desktopApi } from './desktop';
import { createHttpApi } from './http';
import { takeToken } from './token';

declare global {
  interface Window {
    /** Provided by the Electron preload; absent when the page is served by `cairn serve`. */
    cairn?: DesktopBridge;
  }
}

/** A stand-in used only while no token is known; the app renders AuthScreen instead of views. */
const unauthorizedApi: CairnApi = {
  call: () => Promise.reject(Object.assign(new Error('No access token'), { code: 'unauthorized' })),
  on: () => () => {},
};

function pickTransport(): CairnApi {
  if (window.cairn) {
    useConnection.setState({ transport: 'electron', auth: 'ok', socket: 'open' });
    return desktopApi(window.cairn);
  }
  const token = takeToken();
  useConnection.setState({ transport: 'http', auth: token ? 'ok' : 'missing', socket: 'connecting' });
  return token ? createHttpApi(token) : unauthorizedApi;
}

export const api: CairnApi = pickTransport();
