import type { AppInfo } from '../../../../shared/api/contract';

/**
 * What `auto` resolves to here, stated plainly: GPU only when the probe saw TensorFlow use a GPU,
 * whatever the engine's name suggests.
 */
export function EngineBadge({ info }: { info: AppInfo | null }) {
  const engine = info?.engine ?? null;
  if (!info)
    return (
      <span className="engine-badge" data-testid="engine-badge">
        engine …
      </span>
    );
  if (!engine) {
    return (
      <span className="engine-badge engine-unknown" data-testid="engine-badge" data-engine="" title="The engine probe has not reported yet">
        engine unknown
      </span>
    );
  }
  const device = engine.device === 'gpu' ? 'GPU' : 'CPU';
  const title = [`backend ${engine.backend}`, `tfjs ${engine.tfjsVersion}`, ...engine.fallbacks.map((f) => `skipped ${f}`)].join('\n');
  return (
    <span className={`engine-badge device-${engine.device}`} data-testid="engine-badge" data-engine={engine.engine} data-device={engine.device} title={title}>
      {engine.engine} · {device}
    </span>
  );
}
