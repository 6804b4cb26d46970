import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(__dirname, '../..');

// Opening the core is what every CLI command pays: heavy modules load when a call needs them
// (tfjs and protobufjs for bundles, sharp for images), never at open. A list of runs stays fast.
describe('opening the core', () => {
  it('loads no tfjs, protobufjs, onnx or sharp until a call needs them', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-open-'));
    const script = `
      const { Core } = require(${JSON.stringify(path.join(REPO, 'dist/electron/core/core.js'))});
      const core = new Core({ dataDir: ${JSON.stringify(dataDir)}, transport: 'http' });
      core.dispatch('runs.list', {}).then((r) => {
        core.close();
        const heavy = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](@tensorflow|protobufjs|onnx-proto|onnxruntime-node|sharp)[\\\\/]/.test(k));
        process.stdout.write(JSON.stringify({ ok: r.ok, heavy: [...new Set(heavy.map((k) => k.split(/node_modules[\\\\/]/).pop().split(/[\\\\/]/).slice(0, 2).join('/')))] }));
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; heavy: string[] };
    expect(out.ok).toBe(true);
    expect(out.heavy).toEqual([]);
  });

  it('assembles no WebAssembly at open: the import hashing module is built when an import first needs it', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-open-'));
    const script = `
      const wasm = require(${JSON.stringify(path.join(REPO, 'dist/shared/wasm/assemble.js'))});
      const assemble = wasm.assemble;
      let assembled = 0;
      wasm.assemble = (...args) => (assembled++, assemble(...args));
      const { Core } = require(${JSON.stringify(path.join(REPO, 'dist/electron/core/core.js'))});
      const core = new Core({ dataDir: ${JSON.stringify(dataDir)}, transport: 'http' });
      core.dispatch('runs.list', {}).then((r) => {
        const atOpen = assembled;
        require(${JSON.stringify(path.join(REPO, 'dist/electron/core/datasets/item-key.js'))}).rowHashes(['a'], Buffer.alloc(32));
        core.close();
        process.stdout.write(JSON.stringify({ ok: r.ok, atOpen, afterHash: assembled }));
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, atOpen: 0, afterHash: 1 });
  });

  it("loads a feature's handlers on its first call: listing runs loads no other feature", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-open-'));
    const script = `
      const { Core } = require(${JSON.stringify(path.join(REPO, 'dist/electron/core/core.js'))});
      const core = new Core({ dataDir: ${JSON.stringify(dataDir)}, transport: 'http' });
      const loaded = () => Object.keys(require.cache).map((k) => k.split(/dist[\\\\/]electron[\\\\/]core[\\\\/]/)[1]).filter((k) => k && /^(handlers|pipelines|labeling|monitoring)[\\\\/]|handlers\\.js$/.test(k)).map((k) => k.replace(/\\\\/g, '/')).sort();
      (async () => {
        const listed = await core.dispatch('runs.query', { limit: 10 });
        const afterRuns = loaded();
        const schemas = Object.keys(require.cache).filter((k) => /shared[\\\\/]api[\\\\/]/.test(k)).map((k) => k.split(/shared[\\\\/]api[\\\\/]/)[1].replace(/\\\\/g, '/')).sort();
        const pipelines = await core.dispatch('pipelines.list', {});
        const afterPipelines = loaded();
        core.close();
        process.stdout.write(JSON.stringify({ ok: listed.ok && pipelines.ok, afterRuns, schemas, afterPipelines }));
      })();`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; afterRuns: string[]; schemas: string[]; afterPipelines: string[] };
    expect(out.ok).toBe(true);
    expect(out.afterRuns).toContain('runs/handlers.js');
    const handlerModules = out.afterRuns.filter((m) => m.startsWith('handlers/') || m.endsWith('handlers.js'));
    expect(handlerModules.filter((m) => !['handlers/index.js', 'handlers/types.js', 'runs/handlers.js'].includes(m))).toEqual([]);
    expect(out.afterRuns.filter((m) => /^(pipelines|labeling\/(assist-fit|suggest|find-errors)|monitoring\/(timeline|retrain))/.test(m))).toEqual([]);
    // Only the run calls' schemas (and the id-or-name keys they share) are read to check a run call's input.
    expect(out.schemas.sort()).toEqual(['calls/keys.js', 'calls/runs.js']);
    // The pipelines feature, once called, loads its own modules.
    expect(out.afterPipelines).toEqual(expect.arrayContaining(['pipelines/handlers.js', 'pipelines/runner.js']));
  });
});
