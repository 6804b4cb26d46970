import { describe, expect, it } from 'vitest';
import { authFromEnv, normalizeTrackingUri, parseRetryAfter } from '../../electron/core/mlflow-sync/mlflow-client';
import { proxiedArtifactRoot } from '../../electron/core/mlflow-sync/push';

describe('cairn push: talking to a tracking server', () => {
  it('reads credentials as the mlflow client does: a token first, else user and password', () => {
    expect(authFromEnv({ MLFLOW_TRACKING_TOKEN: 't0k', MLFLOW_TRACKING_USERNAME: 'ana', MLFLOW_TRACKING_PASSWORD: 'pw' }).header).toBe('Bearer t0k');
    expect(authFromEnv({ MLFLOW_TRACKING_USERNAME: 'ana', MLFLOW_TRACKING_PASSWORD: 'p:w' }).header).toBe(`Basic ${Buffer.from('ana:p:w').toString('base64')}`);
    expect(authFromEnv({ MLFLOW_TRACKING_USERNAME: 'ana' }).header).toBeNull();
  });

  it('takes http(s) server URLs only, without a trailing slash', () => {
    expect(normalizeTrackingUri('http://mlflow.internal:5000/')).toBe('http://mlflow.internal:5000');
    expect(normalizeTrackingUri('https://example.com/mlflow/')).toBe('https://example.com/mlflow');
    expect(() => normalizeTrackingUri('databricks')).toThrow(/not a tracking server URL/);
    expect(() => normalizeTrackingUri('file:///tmp/mlruns')).toThrow(/http\(s\)/);
  });

  it('honours Retry-After in seconds or as a date, capped at five minutes', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter('100000')).toBe(300_000);
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inTen)).toBeGreaterThan(8000);
    expect(parseRetryAfter(inTen)).toBeLessThanOrEqual(10_000);
  });

  it('uploads through the artifact proxy only for mlflow-artifacts URIs', () => {
    expect(proxiedArtifactRoot('mlflow-artifacts:/3/abc/artifacts')).toBe('3/abc/artifacts');
    expect(proxiedArtifactRoot('mlflow-artifacts://mlflow.internal:5000/3/abc/artifacts/')).toBe('3/abc/artifacts');
    expect(proxiedArtifactRoot('s3://bucket/mlruns/3/abc/artifacts')).toBeNull();
  });
});
