import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { CallResponse } from '../../shared/api/contract';
import type { DesktopBridge } from '../../shared/api/desktop';

// The only bridge between the sandboxed renderer and the app: `window.cairn`, typed by the contract.
// A sandboxed preload may require nothing but `electron`, so the channel names are spelled out
// here; test/unit/preload.test.ts checks they match electron/main/channels.ts.
const CALL_CHANNEL = 'cairn:call';
const EVENT_CHANNEL = 'cairn:event';
const api: DesktopBridge = {
  // The envelope crosses the bridge as plain data: a thrown Error would lose its code on the way.
  invoke: (name, input) => ipcRenderer.invoke(CALL_CHANNEL, name, input) as Promise<CallResponse<unknown>>,
  on(event, listener) {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload as never);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('cairn', api);
