import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineCheck } from '../../shared/api/calls/app';
import { cliOn, tempDir } from '../helpers';

const dir = tempDir('cairn-doctor-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function doctor(env: Record<string, string> = {}): EngineCheck[] {
  const r = cliOn(dir)(['doctor', '--json'], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as EngineCheck[];
}

function installed(pkg: string): boolean {
  try {
    require.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

describe('cairn doctor', () => {
  it('checks every engine, names the one auto picks, and says how to fix the missing ones', () => {
    const checks = doctor();
    expect(checks.map((c) => c.engine)).toEqual(['node-gpu', 'webgpu', 'node', 'wasm', 'cpu']);
    expect(checks.filter((c) => c.chosenByAuto)).toHaveLength(1);
    const cpu = checks.find((c) => c.engine === 'cpu')!;
    expect(cpu).toMatchObject({ available: true, device: 'cpu', backend: 'cpu' });
    if (!installed('@tensorflow/tfjs-node-gpu')) {
      expect(checks[0]).toMatchObject({ available: false, detail: 'module not installed' });
      expect(checks[0].fix).toMatch(/CUDA 11\.2 and cuDNN 8\.1/);
    }
    for (const c of checks.filter((x) => !x.available)) expect(c.detail.length).toBeGreaterThan(0);
  });

  it.skipIf(!fs.existsSync('/usr/lib/chromium/vk_swiftshader_icd.json'))('reports a software WebGPU adapter honestly, with the fix', () => {
    const checks = doctor({ VK_ICD_FILENAMES: '/usr/lib/chromium/vk_swiftshader_icd.json', LD_LIBRARY_PATH: '/usr/lib/chromium' });
    const webgpu = checks.find((c) => c.engine === 'webgpu')!;
    expect(webgpu).toMatchObject({ available: true, chosenByAuto: false, device: 'cpu', adapter: { software: true, architecture: 'swiftshader' } });
    expect(webgpu.detail).toMatch(/software adapter/);
    expect(webgpu.fix).toMatch(/Vulkan/);
  });
});
