import { execFile } from 'node:child_process';
import os from 'node:os';
import type { MetricPoint } from '../../shared/domain';
import type { JobContext } from './types';

// What a run costs: this process's CPU and memory, and the GPU where nvidia-smi answers,
// sampled while it trains and logged as `system/*` metrics (step = seconds of training, counted
// on from `fromStep` after a resume so the steps of the earlier process are not logged again).

const INTERVAL_MS = 2000;

interface GpuReading {
  utilization: number;
  memoryMb: number;
}

function readGpu(): Promise<GpuReading | null> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=utilization.gpu,memory.used', '--format=csv,noheader,nounits'], { timeout: 2000 }, (err, stdout) => {
      if (err) return resolve(null);
      const rows = stdout
        .trim()
        .split('\n')
        .map((l) => l.split(',').map((x) => Number(x.trim())));
      if (!rows.length || rows.some((r) => r.length < 2 || r.some((x) => !Number.isFinite(x)))) return resolve(null);
      // Several GPUs: the busiest one is the one this job is on, most likely.
      const top = rows.reduce((a, b) => (b[0] > a[0] ? b : a));
      resolve({ utilization: top[0], memoryMb: top[1] });
    });
  });
}

export function startSystemSampler(ctx: Pick<JobContext, 'send'>, fromStep = 0): () => Promise<void> {
  const started = Date.now();
  let lastCpu = process.cpuUsage();
  let lastAt = started;
  let gpu = true;
  let stopped = false;

  const sample = async (): Promise<MetricPoint[]> => {
    const now = Date.now();
    const cpu = process.cpuUsage(lastCpu);
    const wallMs = Math.max(1, now - lastAt);
    lastCpu = process.cpuUsage();
    lastAt = now;
    const step = fromStep + Math.round((now - started) / 1000);
    const points: MetricPoint[] = [
      // 100 = one core fully busy, as top shows it.
      { key: 'system/cpu_percent', step, value: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, time: now },
      { key: 'system/memory_mb', step, value: process.memoryUsage().rss / 1024 / 1024, time: now },
      { key: 'system/memory_percent', step, value: (process.memoryUsage().rss / os.totalmem()) * 100, time: now },
    ];
    if (gpu) {
      const g = await readGpu();
      if (g)
        points.push({ key: 'system/gpu_percent', step, value: g.utilization, time: now }, { key: 'system/gpu_memory_mb', step, value: g.memoryMb, time: now });
      else gpu = false;
    }
    return points;
  };

  const timer = setInterval(() => {
    void sample().then((points) => {
      if (!stopped) void ctx.send({ type: 'metrics', points });
    });
  }, INTERVAL_MS);
  timer.unref();

  return async () => {
    stopped = true;
    clearInterval(timer);
    const total = process.cpuUsage();
    const now = Date.now();
    // Past fromStep even when stopped within the first second.
    const step = fromStep + Math.max(1, Math.round((now - started) / 1000));
    await ctx.send({
      type: 'metrics',
      points: [
        { key: 'system/cpu_seconds', step, value: (total.user + total.system) / 1e6, time: now },
        { key: 'system/wall_seconds', step, value: (now - started) / 1000, time: now },
        // The kernel's high-water mark, data preparation included: what the samples can miss.
        { key: 'system/peak_memory_mb', step, value: process.resourceUsage().maxRSS / 1024, time: now },
      ],
    });
  };
}
