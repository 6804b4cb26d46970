import * as tf from '@tensorflow/tfjs';
import type { EngineChoice, EngineInfo, EngineName, GpuAdapterInfo } from '../../shared/domain';
import { registerWasmTrainingKernels } from './wasm-kernels';
import { adapterLabel, installWebGpuBackend, probeWebGpu } from './webgpu';

// Engines in the order 'auto' prefers them. tfjs-node(-gpu) and webgpu are optional dependencies
// that may be missing, so they are required lazily and their absence is a normal fallback.
const AUTO_ORDER: EngineName[] = ['node-gpu', 'webgpu', 'node', 'wasm', 'cpu'];
const NODE_MODULES: Partial<Record<EngineName, string>> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
};

export class EngineError extends Error {}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].trim();
}

function whyNotLoaded(moduleName: string, err: unknown): string {
  const code = (err as { code?: string } | null)?.code;
  const msg = firstLine(err);
  if (code === 'MODULE_NOT_FOUND' && msg.includes(`'${moduleName}'`)) return 'module not installed';
  return `failed to load (${msg})`;
}

let tensorflowModule: string | null = null;
let webgpuAdapter: GpuAdapterInfo | undefined;

async function tryEngine(engine: EngineName, forced: boolean): Promise<string | null> {
  const moduleName = NODE_MODULES[engine];
  if (moduleName) {
    // Both node packages register the same 'tensorflow' backend; loading the second after
    // the first would clash, so once one is in, the other is reported as skipped.
    if (tensorflowModule && tensorflowModule !== moduleName) return `${tensorflowModule} already loaded`;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(moduleName);
      tensorflowModule = moduleName;
    } catch (err) {
      return whyNotLoaded(moduleName, err);
    }
    return (await setBackendSafely('tensorflow')) ? null : 'backend "tensorflow" failed to initialize';
  }
  if (engine === 'webgpu') {
    const probe = await probeWebGpu();
    if (!probe.ok) return probe.why;
    // A software adapter is slower than the wasm engine on the same cores: only on request.
    if (probe.adapter.software && !forced) return `only a software adapter (${adapterLabel(probe.adapter)}); --engine webgpu uses it anyway`;
    installWebGpuBackend();
    webgpuAdapter = probe.adapter;
    return (await setBackendSafely('webgpu')) ? null : `backend "webgpu" failed to initialize on ${adapterLabel(probe.adapter)}`;
  }
  if (engine === 'wasm') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when chosen
      require('@tensorflow/tfjs-backend-wasm');
    } catch (err) {
      return whyNotLoaded('@tensorflow/tfjs-backend-wasm', err);
    }
    const wasmDir = process.env.CAIRN_WASM_DIR;
    if (wasmDir) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when chosen
      const { setWasmPaths } = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
    }
    registerWasmTrainingKernels();
    return (await setBackendSafely('wasm')) ? null : 'backend "wasm" failed to initialize';
  }
  return (await setBackendSafely('cpu')) ? null : 'backend "cpu" failed to initialize';
}

async function setBackendSafely(name: string): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

function describe(engine: EngineName, fallbacks: string[]): EngineInfo {
  if (engine === 'webgpu' && webgpuAdapter) {
    const device = webgpuAdapter.software ? 'cpu' : 'gpu';
    return { engine, device, backend: tf.getBackend(), tfjsVersion: tf.version.tfjs, fallbacks, adapter: webgpuAdapter };
  }
  const device = engine.startsWith('node') && (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true ? 'gpu' : 'cpu';
  if (engine === 'node-gpu' && device === 'cpu') {
    fallbacks.push('node-gpu: loaded, but TensorFlow found no usable GPU (needs CUDA 11.2 + cuDNN 8.1); running on CPU');
  }
  return { engine, device, backend: tf.getBackend(), tfjsVersion: tf.version.tfjs, fallbacks };
}

/** Loads and activates the engine; 'auto' falls through AUTO_ORDER, a named engine must load. */
export async function selectEngine(choice: EngineChoice): Promise<EngineInfo> {
  // Prod mode silences the cpu backend's "install tfjs-node" console banner.
  tf.enableProdMode();
  const fallbacks: string[] = [];
  if (choice !== 'auto') {
    const why = await tryEngine(choice, true);
    if (why) throw new EngineError(`engine "${choice}" is not available: ${why}`);
    return describe(choice, fallbacks);
  }
  for (const engine of AUTO_ORDER) {
    const why = await tryEngine(engine, false);
    if (!why) return describe(engine, fallbacks);
    fallbacks.push(`${engine}: ${why}`);
  }
  throw new EngineError(`no engine could be loaded: ${fallbacks.join('; ')}`);
}
