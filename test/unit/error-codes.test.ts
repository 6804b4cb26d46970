import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isFinalCode } from '../../shared/api/contract';
import { errorText } from '../../shared/labeling-client/op-queue';

// The labeling queue retries transient failures only; which codes are final comes from the one
// list in the contract, so a code added there is never retried as transient by mistake.
describe('error codes', () => {
  it('treats every code but internal as final, and unknown values as transient', () => {
    for (const code of ERROR_CODES) expect(isFinalCode(code), code).toBe(code !== 'internal');
    expect(isFinalCode('ECONNRESET')).toBe(false);
    expect(isFinalCode(undefined)).toBe(false);
  });

  it('tells the labeling queue whether to retry', () => {
    expect(errorText({ code: 'conflict', message: 'stale' })).toEqual({ message: 'stale', final: true });
    expect(errorText({ code: 'internal', message: 'disk busy' })).toEqual({ message: 'disk busy', final: false });
    expect(errorText(new Error('socket hang up'))).toEqual({ message: 'socket hang up', final: false });
  });
});
