import { Transform } from 'node:stream';
import { UserError } from '../errors';
import { formatBytes, type InputLimits } from '../input-limits';

/**
 * Counts what gunzip produces and stops a bomb: past `gunzipBytes` in all, or, once past the
 * grace, more than `gunzipRatio` bytes out per byte read in (`packedBytes`: read so far).
 */
export function gunzipLimit(limits: InputLimits, packedBytes: () => number): Transform {
  let out = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      out += chunk.length;
      if (out > limits.gunzipBytes)
        return done(new UserError(`unpacks to more than ${formatBytes(limits.gunzipBytes)} (CAIRN_MAX_GUNZIP_MB raises the limit)`));
      if (out > limits.ratioGraceBytes && out > limits.gunzipRatio * packedBytes()) {
        return done(
          new UserError(`unpacks to more than ${limits.gunzipRatio} times its packed size, like a gzip bomb (CAIRN_MAX_GUNZIP_RATIO raises the limit)`),
        );
      }
      done(null, chunk);
    },
  });
}
