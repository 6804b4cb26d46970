#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'electron', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('cairn: not built yet; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
// Anything unexpected is one line (CAIRN_DEBUG=1 adds the stack), whether the command's promise
// rejects or a callback throws.
function fail(err) {
  process.stderr.write(`cairn: ${err && err.message ? err.message : err}\n`);
  if (process.env.CAIRN_DEBUG && err && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}
process.on('uncaughtException', fail);
require(entry).main(process.argv).catch(fail);
