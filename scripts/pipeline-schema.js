#!/usr/bin/env node
// Writes resources/schemas/pipeline.schema.json from the zod spec (after `npm run build:node`);
// test/unit/pipeline-spec.test.ts fails while the file is stale.
const fs = require('node:fs');
const path = require('node:path');
const { pipelineJsonSchema } = require('../dist/shared/pipelines/json-schema.js');
const out = path.join(__dirname, '..', 'resources', 'schemas', 'pipeline.schema.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(pipelineJsonSchema(), null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), out)}`);
