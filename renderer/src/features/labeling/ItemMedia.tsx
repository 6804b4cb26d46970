import type { LabelSchema, QueueEntry } from '../../../../shared/labeling/types';
import { BoxEditor } from './BoxEditor';
import { ImageStage } from './ImageStage';
import { RowCard } from './RowCard';

/** An item shown read-only (review): its image with the given boxes over it, or its row. */
export function ItemMedia({ entry, schema, boxes }: { entry: QueueEntry; schema: LabelSchema; boxes: QueueEntry['versionLabel'] }) {
  if (!entry.fileHash) return <RowCard entry={entry} />;
  const shown = boxes?.boxes ?? [];
  return (
    <ImageStage
      entry={entry}
      overlay={
        shown.length > 0
          ? ({ width, height, scale }) => (
              <BoxEditor boxes={shown} width={width} height={height} scale={scale} classes={schema.classes} activeClass="" selected={-1} readOnly />
            )
          : undefined
      }
    />
  );
}
