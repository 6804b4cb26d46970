import { UserError } from '../errors';

// A client of a team's MLflow tracking server over its REST API 2.0 (mlflow.org/docs/latest/rest-api.html),
// with the retries MLflow's own client makes: 429 and 5xx are retried with exponential backoff,
// honouring Retry-After, as are connections refused or reset while the server restarts.

export interface MlflowAuth {
  header: string | null;
}

/** MLflow's client reads MLFLOW_TRACKING_TOKEN (Bearer), else MLFLOW_TRACKING_USERNAME and _PASSWORD (Basic). */
export function authFromEnv(env: NodeJS.ProcessEnv = process.env): MlflowAuth {
  if (env.MLFLOW_TRACKING_TOKEN) return { header: `Bearer ${env.MLFLOW_TRACKING_TOKEN}` };
  if (env.MLFLOW_TRACKING_USERNAME && env.MLFLOW_TRACKING_PASSWORD) {
    return { header: `Basic ${Buffer.from(`${env.MLFLOW_TRACKING_USERNAME}:${env.MLFLOW_TRACKING_PASSWORD}`).toString('base64')}` };
  }
  return { header: null };
}

/** The server's base URL without a trailing slash; only http(s) tracking servers speak the REST API. */
export function normalizeTrackingUri(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`"${raw}" is not a tracking server URL; give one such as http://mlflow.example:5000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`"${raw}": cairn push and pull talk to an MLflow tracking server over http(s); ${url.protocol} is not one`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** An answer of the server that is not a success, with MLflow's error_code when it sent one. */
export class MlflowRemoteError extends UserError {
  constructor(
    readonly status: number,
    readonly remoteCode: string,
    message: string,
  ) {
    super(message, status === 404 ? 'not_found' : status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'bad_request');
  }
}

export interface RetryInfo {
  attempt: number;
  waitMs: number;
  reason: string;
}

export interface ClientOptions {
  auth: MlflowAuth;
  /** Tries per request in all, the first included. */
  attempts?: number;
  /** The first backoff; each retry doubles it, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (info: RetryInfo) => void;
}

/** The request never reached the server: sending it again is always safe. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT']);
/** The connection broke with the request possibly delivered and applied: safe again only for requests that are idempotent. */
const MAYBE_SENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET']);

/** A request that is not idempotent lost its answer: the caller must find out whether it was applied. */
export class MaybeApplied extends Error {}

export class MlflowClient {
  readonly base: string;
  private readonly attempts: number;
  private readonly baseDelay: number;
  private readonly maxDelay: number;
  /** Retries made so far, for the summary. */
  retries = 0;

  constructor(
    uri: string,
    private readonly opts: ClientOptions,
  ) {
    this.base = normalizeTrackingUri(uri);
    this.attempts = opts.attempts ?? 8;
    this.baseDelay = opts.baseDelayMs ?? Number(process.env.CAIRN_PUSH_RETRY_BASE_MS ?? 500);
    this.maxDelay = opts.maxDelayMs ?? 30_000;
  }

  get<T>(endpoint: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const qs = new URLSearchParams(
      Object.entries(query)
        .filter((e): e is [string, string | number] => e[1] !== undefined)
        .map(([k, v]): [string, string] => [k, String(v)]),
    );
    const suffix = qs.size ? `?${qs}` : '';
    return this.json<T>('GET', `${this.base}/api/2.0/mlflow/${endpoint}${suffix}`);
  }

  /**
   * `once`: the request must not be applied twice (logging metric points, which a server may keep
   * twice); a broken connection then throws MaybeApplied instead of sending it again.
   */
  post<T>(endpoint: string, body: unknown, opts: { once?: boolean } = {}): Promise<T> {
    return this.json<T>('POST', `${this.base}/api/2.0/mlflow/${endpoint}`, JSON.stringify(body), opts.once ?? false);
  }

  /** Uploads one file through the server's artifact proxy (`mlflow server --serve-artifacts`, the default since 2.0). */
  async putArtifact(path: string, data: Uint8Array): Promise<void> {
    const url = `${this.base}/api/2.0/mlflow-artifacts/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`;
    // A copy backed by a plain ArrayBuffer, the body type fetch takes (a Buffer may share a pooled one).
    await this.request('PUT', url, new Uint8Array(data), 'application/octet-stream');
  }

  private async json<T>(method: string, url: string, body?: string, once = false): Promise<T> {
    const text = await this.request(method, url, body, 'application/json', once);
    return (text ? JSON.parse(text) : {}) as T;
  }

  private async request(method: string, url: string, body: string | Uint8Array<ArrayBuffer> | undefined, type: string, once = false): Promise<string> {
    const headers: Record<string, string> = { 'Content-Type': type, 'User-Agent': 'cairn-push' };
    if (this.opts.auth.header) headers.Authorization = this.opts.auth.header;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { method, headers, body });
      } catch (err) {
        const code = networkCode(err);
        if (once && code && MAYBE_SENT_CODES.has(code)) throw new MaybeApplied(`${method} ${url.slice(this.base.length)}: ${code}`);
        const retried = code !== null && (NOT_SENT_CODES.has(code) || MAYBE_SENT_CODES.has(code));
        if (!retried || attempt >= this.attempts) {
          throw new UserError(`Cannot reach ${this.base}: ${code ?? (err as { cause?: Error }).cause?.message ?? (err as Error).message}`);
        }
        await this.backoff(attempt, null, code);
        continue;
      }
      const text = await res.text();
      if (res.ok) return text;
      if ((res.status === 429 || res.status >= 500) && attempt < this.attempts) {
        await this.backoff(attempt, res.headers.get('retry-after'), `HTTP ${res.status}`);
        continue;
      }
      throw remoteError(res.status, text, method, url, this.base);
    }
  }

  private async backoff(attempt: number, retryAfter: string | null, reason: string): Promise<void> {
    const exponential = Math.min(this.maxDelay, this.baseDelay * 2 ** (attempt - 1));
    const waitMs = parseRetryAfter(retryAfter) ?? exponential;
    this.retries++;
    this.opts.onRetry?.({ attempt, waitMs, reason });
    await new Promise((r) => setTimeout(r, waitMs));
  }
}

/** Retry-After in seconds or as an HTTP date, capped at five minutes; null when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(300_000, Math.max(0, ms)) : null;
}

function networkCode(err: unknown): string | null {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code ?? (err as { code?: string }).code ?? null;
}

function remoteError(status: number, text: string, method: string, url: string, base: string): MlflowRemoteError {
  let code = `HTTP_${status}`;
  let message = text.slice(0, 300).replace(/\s+/g, ' ').trim();
  try {
    const body = JSON.parse(text) as { error_code?: string; message?: string };
    if (body.error_code) code = body.error_code;
    if (body.message) message = body.message;
  } catch {
    // not JSON: an HTML error page from a proxy, say
  }
  if (status === 401 || status === 403) {
    message = `${base} refused the credentials (HTTP ${status}): set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD`;
  }
  return new MlflowRemoteError(status, code, `${method} ${url.slice(base.length)}: ${message || `HTTP ${status}`}`);
}
