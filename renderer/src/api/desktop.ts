import type { CairnApi } from '../../../shared/api/contract';
import type { DesktopBridge } from '../../../shared/api/desktop';
import { unwrap } from './errors';

/** The contract over the Electron preload's bridge: envelopes in, values or CairnCallErrors out. */
export function desktopApi(bridge: DesktopBridge): CairnApi {
  return {
    call: async (name, input) => unwrap(await bridge.invoke(name, input)) as never,
    on: (event, listener) => bridge.on(event, listener),
  };
}
