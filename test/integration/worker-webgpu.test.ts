import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainConfigInput } from '../../shared/training/config';
import { digitsJob, irisJob, ofType, runWorker, series, tempJobDir, type WorkerRun } from './worker-harness';

// The WebGPU engine trains to the same results as the cpu engine. On a machine without a GPU,
// Debian's chromium package ships SwiftShader, a Vulkan driver on the CPU that Dawn accepts; it
// is a software adapter, so the engine uses it only when forced, and says so.

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const SWIFTSHADER = { VK_ICD_FILENAMES: ICD, LD_LIBRARY_PATH: ['/usr/lib/chromium', process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
const available = fs.existsSync(ICD);
if (!available) console.warn(`worker-webgpu: skipped, no software Vulkan driver at ${ICD} (apt-get install chromium)`);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function newDir(): string {
  const d = tempJobDir();
  dirs.push(d);
  return d;
}

function finalValue(run: WorkerRun, key: string): number {
  const s = series(run.messages, key);
  return s[s.length - 1].value;
}

describe.skipIf(!available)('webgpu engine on a software adapter', () => {
  it('trains the iris MLP to the cpu engine results (same seed: losses within 1e-3, accuracy within 0.04)', async () => {
    const config: TrainConfigInput = { epochs: 4, batchSize: 32, learningRate: 0.05, mlp: { hiddenUnits: [16], dropout: 0 }, seed: 11 };
    const gpu = await runWorker(irisJob(newDir(), { ...config, engine: 'webgpu' }), { env: SWIFTSHADER });
    expect(gpu.code, gpu.stderr).toBe(0);
    const cpu = await runWorker(irisJob(newDir(), { ...config, engine: 'cpu' }));
    expect(cpu.code, cpu.stderr).toBe(0);

    const info = ofType(gpu.messages, 'engine')[0].info;
    expect(info).toMatchObject({ engine: 'webgpu', backend: 'webgpu', device: 'cpu', adapter: { software: true } });
    expect(`${info.adapter!.vendor} ${info.adapter!.architecture}`).toMatch(/swiftshader/i);

    // float32 on both sides, summed in other orders: the curves agree closely, not bit for bit.
    const gpuLoss = series(gpu.messages, 'loss').map((p) => p.value);
    const cpuLoss = series(cpu.messages, 'loss').map((p) => p.value);
    expect(gpuLoss).toHaveLength(4);
    gpuLoss.forEach((v, i) => expect(Math.abs(v - cpuLoss[i])).toBeLessThan(1e-3));
    expect(Math.abs(finalValue(gpu, 'val_accuracy') - finalValue(cpu, 'val_accuracy'))).toBeLessThanOrEqual(0.04);
    expect(finalValue(gpu, 'val_accuracy')).toBeGreaterThan(0.6);
  });

  it('trains the CNN on a few digit images like the cpu engine', async () => {
    const config: TrainConfigInput = {
      model: 'cnn',
      cnn: { filters: [8, 16], kernelSize: 3, denseUnits: 32, dropout: 0, imageSize: 12, channels: 1 },
      epochs: 2,
      batchSize: 40,
      learningRate: 0.003,
      seed: 5,
    };
    const gpu = await runWorker(digitsJob(newDir(), 4, { ...config, engine: 'webgpu' }), { env: SWIFTSHADER });
    expect(gpu.code, gpu.stderr).toBe(0);
    const cpu = await runWorker(digitsJob(newDir(), 4, { ...config, engine: 'cpu' }));
    expect(cpu.code, cpu.stderr).toBe(0);
    expect(ofType(gpu.messages, 'engine')[0].info.engine).toBe('webgpu');
    const gpuLoss = series(gpu.messages, 'loss').map((p) => p.value);
    const cpuLoss = series(cpu.messages, 'loss').map((p) => p.value);
    expect(gpuLoss).toHaveLength(2);
    gpuLoss.forEach((v, i) => expect(Math.abs(v - cpuLoss[i])).toBeLessThan(1e-3));
  });

  it('auto passes over a software adapter and says why', async () => {
    const run = await runWorker(irisJob(newDir(), { epochs: 1, engine: 'auto' }), { env: SWIFTSHADER });
    expect(run.code, run.stderr).toBe(0);
    const info = ofType(run.messages, 'engine')[0].info;
    expect(info.engine).not.toBe('webgpu');
    expect(info.fallbacks.join('\n')).toMatch(/webgpu: only a software adapter \(google swiftshader.*\(software\)\)/i);
  });
});
