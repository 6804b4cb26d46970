#!/usr/bin/env node
'use strict';
// One closing line for the whole suite, from the JSON reports of Vitest and Playwright.
const fs = require('node:fs');
const path = require('node:path');

const dir = path.resolve(__dirname, '..', 'test-reports');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of ['unit', 'integration']) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
const e2e = JSON.parse(fs.readFileSync(path.join(dir, 'e2e.json'), 'utf8')).stats;
passed += e2e.expected + e2e.flaky;
failed += e2e.unexpected;
skipped += e2e.skipped;
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exitCode = failed > 0 ? 1 : 0;
