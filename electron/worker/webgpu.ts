import path from 'node:path';
import type { GpuAdapterInfo } from '../../shared/domain';

// The WebGPU engine: tfjs-backend-webgpu on Dawn's Node binding (the `webgpu` package, prebuilt
// for Linux, macOS and Windows inside the package). It reaches any GPU with a Vulkan, Metal or
// D3D12 driver, where tfjs-node-gpu needs exactly CUDA 11.2 + cuDNN 8.1. The package is ESM-only
// and this worker is CommonJS, so its native addon is loaded directly; the backend looks for
// `navigator.gpu`, which Node does not have, so it is set up before the backend is required.

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|warp/i;

export type WebGpuProbe = { ok: true; adapter: GpuAdapterInfo } | { ok: false; why: string };

let gpu: GpuLike | null = null;

/** Loads Dawn, asks for a high-performance adapter and says what it is, without starting tfjs on it. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  if (!gpu) {
    let dawn: DawnModule;
    try {
      const dir = path.dirname(require.resolve('webgpu/package.json'));
      const arch = process.platform === 'darwin' ? 'universal' : process.arch;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      dawn = require(path.join(dir, 'dist', `${process.platform}-${arch}`, 'dawn.node')) as DawnModule;
    } catch (err) {
      const code = (err as { code?: string }).code;
      return { ok: false, why: code === 'MODULE_NOT_FOUND' ? 'module not installed (webgpu)' : `Dawn failed to load (${firstLine(err)})` };
    }
    Object.assign(globalThis, dawn.globals);
    gpu = dawn.create([]);
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { ok: false, why: 'no WebGPU adapter (no Vulkan, Metal or D3D12 driver found)' };
  const info = adapter.info ?? {};
  const described = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  return {
    ok: true,
    adapter: {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      description: info.description || info.device || '',
      software: info.isFallbackAdapter === true || adapter.isFallbackAdapter === true || SOFTWARE.test(described),
    },
  };
}

/** Registers tfjs's webgpu backend on the probed adapter's API; call after a successful probe. */
export function installWebGpuBackend(): void {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-webgpu');
}

export function adapterLabel(a: GpuAdapterInfo): string {
  return `${[a.vendor, a.architecture, a.description].filter(Boolean).join(' ')}${a.software ? ' (software)' : ''}`;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].trim();
}
