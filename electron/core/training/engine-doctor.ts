import { execFileSync } from 'node:child_process';
import { ENGINES, type EngineName } from '../../../shared/domain';
import type { EngineCheck } from '../../../shared/api/calls/app';
import { probeEngine } from './engine-probe';
import type { WorkerLauncher } from './launcher';

// `cairn doctor` and Settings → Engines: each engine loaded in a worker of its own (as training
// would), what it runs on, and for each one that doesn't load, why and what would fix it.

const NEEDED_CUDA = '11.2';
const NEEDED_CUDNN = '8.1';

export async function checkEngines(launcher: WorkerLauncher, entry: string): Promise<EngineCheck[]> {
  const auto = await probeEngine(launcher, entry, 'auto');
  const out: EngineCheck[] = [];
  for (const engine of ENGINES) {
    const r = await probeEngine(launcher, entry, engine);
    const chosenByAuto = auto.ok && auto.info.engine === engine;
    if (r.ok) {
      const { device, backend, adapter } = r.info;
      const note =
        engine === 'node-gpu' && device === 'cpu'
          ? `loaded, but TensorFlow found no usable GPU (${cudaFound()})`
          : adapter?.software
            ? 'software adapter: runs on the CPU, slower than wasm'
            : '';
      out.push({
        engine,
        available: true,
        chosenByAuto,
        device,
        backend,
        ...(adapter && { adapter }),
        detail: note || `loads (${backend} on ${device.toUpperCase()})`,
        fix: note ? fixFor(engine, note) : null,
      });
    } else {
      const why = r.why.replace(/^engine "[^"]+" is not available: /, '');
      out.push({ engine, available: false, chosenByAuto: false, device: null, backend: null, detail: why, fix: fixFor(engine, why) });
    }
  }
  return out;
}

function fixFor(engine: EngineName, why: string): string | null {
  const missing = /module not installed/.test(why);
  switch (engine) {
    case 'node-gpu':
      return missing
        ? `npm install @tensorflow/tfjs-node-gpu (Linux or Windows x64; its install downloads libtensorflow) with CUDA ${NEEDED_CUDA} and cuDNN ${NEEDED_CUDNN} on the loader path`
        : `install CUDA ${NEEDED_CUDA} and cuDNN ${NEEDED_CUDNN} (found: ${cudaFound()}) and add them to LD_LIBRARY_PATH; or use the webgpu engine, which needs only a Vulkan/Metal/D3D12 driver`;
    case 'webgpu':
      if (missing) return 'npm install webgpu @tensorflow/tfjs-backend-webgpu';
      if (/software/.test(why))
        return 'no hardware adapter: install the GPU vendor driver with Vulkan support (Linux: also libvulkan1); until then wasm is faster';
      return 'install the GPU driver with Vulkan (Linux: the vendor driver and libvulkan1), Metal (macOS) or D3D12 (Windows) support';
    case 'node':
      return missing ? 'npm install @tensorflow/tfjs-node (its install downloads libtensorflow)' : null;
    case 'wasm':
      return missing ? 'npm install @tensorflow/tfjs-backend-wasm' : null;
    default:
      return null;
  }
}

/** CUDA and cuDNN runtimes the dynamic loader knows of, e.g. "libcudart 12, libcudnn 9", or "none". */
function cudaFound(): string {
  if (process.platform !== 'linux') return 'not checked on this OS';
  let listing = '';
  try {
    listing = execFileSync('ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
  } catch {
    return 'ldconfig unavailable';
  }
  const found = ['libcudart', 'libcudnn'].flatMap((lib) => {
    const versions = [...new Set([...listing.matchAll(new RegExp(`${lib}\\.so\\.(\\d+(?:\\.\\d+)?)`, 'g'))].map((m) => m[1]))];
    return versions.length ? [`${lib} ${versions.join('/')}`] : [];
  });
  const path = process.env.LD_LIBRARY_PATH ? '' : '; LD_LIBRARY_PATH unset';
  return `${found.length ? found.join(', ') : 'no CUDA runtime or cuDNN'} known to the loader${path}`;
}
