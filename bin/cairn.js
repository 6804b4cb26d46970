#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'electron', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('cairn: not built yet; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
require(entry).main(process.argv).catch((err) => {
  process.stderr.write(`cairn: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
