import type http from 'node:http';

/** A request body over its route's cap; answered 413 by the route, in its own error shape. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${formatBytes(limit)}`);
  }
}

/** Reads a body up to `limit` bytes; a declared or streamed larger one is refused without reading the rest. */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  if (declaredLength(req) > limit) return Promise.reject(new BodyTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) {
        chunks.push(c);
        return;
      }
      req.off('data', onData);
      req.pause();
      reject(new BodyTooLarge(limit));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function declaredLength(req: http.IncomingMessage): number {
  const n = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Longest a refused body is read and thrown away before the connection is cut. */
const DRAIN_MS = 5000;

/**
 * Discards what is left of a refused body so the client reads the answer instead of a connection
 * reset: closing a socket with unread bytes in it makes the kernel send RST, which clients report
 * as "connection reset" and drop the response with. A client that keeps sending past DRAIN_MS is
 * cut off then.
 */
export function discardBody(req: http.IncomingMessage): void {
  if (req.complete) return;
  req.removeAllListeners('data');
  const timer = setTimeout(() => req.socket.destroy(), DRAIN_MS);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

function formatBytes(n: number): string {
  return n >= 1024 ** 2 ? `${Math.round(n / 1024 ** 2)} MiB` : `${Math.round(n / 1024)} KiB`;
}
