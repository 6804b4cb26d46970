import { mediaUrl } from '../../api/media';

/** An image by its position (thumbnail when its hash is known), or just the position. */
export function PositionThumb({ position, hash, caption }: { position: number; hash: string | undefined; caption?: string }) {
  return (
    <figure className="position-thumb" data-position={position}>
      {hash ? (
        <img src={mediaUrl(hash, 128)} alt={`row ${position}`} width={96} height={96} loading="lazy" />
      ) : (
        <div className="position-thumb-empty mono">#{position}</div>
      )}
      <figcaption className="muted">
        #{position}
        {caption !== undefined && <> · {caption}</>}
      </figcaption>
    </figure>
  );
}
