import type { CallArgs, CallName, CallResults } from '../../../shared/api/contract';

type Handler<K extends CallName> = (args: CallArgs<K>) => CallResults[K] | Promise<CallResults[K]>;

export type Handlers = { [K in CallName]: Handler<K> };

/** The handlers of one feature: exactly the calls of its results interface. */
export type FeatureHandlers<R> = { [K in keyof R & CallName]: Handler<K> };
