import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { QueueEntry } from '../../../../shared/labeling/types';
import { mediaUrl } from '../../api/media';
import { fitScale } from './boxGeometry';

/**
 * The current image as large as the stage allows. Small images are scaled up with square
 * pixels (an 8×8 digit stays legible); `overlay` gets the image's size in its own pixels and
 * the scale, for an SVG laid exactly over it.
 */
export function ImageStage({ entry, overlay }: { entry: QueueEntry; overlay?: (size: { width: number; height: number; scale: number }) => ReactNode }) {
  const stageRef = useRef<HTMLDivElement>(null);
  const [stage, setStage] = useState({ width: 0, height: 0 });
  const [natural, setNatural] = useState<{ hash: string; width: number; height: number } | null>(null);

  useLayoutEffect(() => {
    const el = stageRef.current;
    if (!el) return;
    const measure = () => setStage({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const hash = entry.fileHash!;
  const known = natural?.hash === hash ? natural : null;
  const width = entry.width ?? known?.width ?? 0;
  const height = entry.height ?? known?.height ?? 0;
  const scale = fitScale({ width, height }, stage);

  return (
    <div className="label-stage" ref={stageRef}>
      <div
        className="label-frame"
        data-testid="image-frame"
        data-scale={scale}
        style={width && height ? { width: width * scale, height: height * scale } : undefined}
      >
        <img
          key={hash}
          src={mediaUrl(hash)}
          alt={entry.name ?? `item ${entry.position}`}
          className={scale > 1 ? 'pixelated' : undefined}
          draggable={false}
          data-testid="item-image"
          data-item={entry.itemId}
          onLoad={(e) => setNatural({ hash, width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
        />
        {overlay && width > 0 && height > 0 && overlay({ width, height, scale })}
      </div>
    </div>
  );
}
