#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'electron', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('cairn: not built yet; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
deferZodLocales();

// Anything unexpected is one line (CAIRN_DEBUG=1 adds the stack), whether the command's promise
// rejects or a callback throws.
function fail(err) {
  process.stderr.write(`cairn: ${err && err.message ? err.message : err}\n`);
  if (process.env.CAIRN_DEBUG && err && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}
process.on('uncaughtException', fail);
require(entry).main(process.argv).catch(fail);

/**
 * zod's CommonJS build requires its 60-odd message locales as it loads, for `z.locales`, which
 * nothing here reads (messages are zod's English default): a tenth of a command's start-up. They
 * load on first use instead.
 */
function deferZodLocales() {
  let file;
  try {
    file = require.resolve('zod/v4/locales');
  } catch {
    return;
  }
  let real;
  const load = () => {
    if (!real) {
      delete require.cache[file];
      real = require(file);
    }
    return real;
  };
  const stub = new (require('node:module'))(file, module);
  stub.filename = file;
  stub.loaded = true;
  // __esModule answered without loading: zod's `import * as locales` keeps the object as it is.
  stub.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' ? true : load()[key]) });
  require.cache[file] = stub;
}
