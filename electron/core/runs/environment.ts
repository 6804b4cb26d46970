import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunEnvironment } from '../../../shared/domain';
import { APP_ROOT, appVersion } from '../paths';

const LIBRARIES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'better-sqlite3', 'sharp'];

let cached: Omit<RunEnvironment, 'datasetHash'> | null = null;

function libraryVersion(name: string): string | null {
  try {
    return (JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

function gpuNames(): string[] {
  const r = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version', '--format=csv,noheader'], { encoding: 'utf8', timeout: 3000 });
  if (r.status !== 0 || !r.stdout) return [];
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export function captureEnvironment(datasetHash: string): RunEnvironment {
  cached ??= {
    app: appVersion(),
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    os: `${os.type()} ${os.release()} (${process.platform}-${process.arch})`,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    gpus: gpuNames(),
    libraries: Object.fromEntries(LIBRARIES.map((l) => [l, libraryVersion(l)])),
  };
  return { ...cached, datasetHash };
}
