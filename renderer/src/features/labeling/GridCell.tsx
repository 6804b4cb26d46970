import { memo } from 'react';
import type { LabelClass, QueueEntry } from '../../../../shared/labeling/types';
import { mediaUrl } from '../../api/media';
import { classColor, describeValue, shownValue } from './labelValue';

interface Props {
  index: number;
  entry: QueueEntry | undefined;
  classes: readonly LabelClass[];
  selected: boolean;
  saveState: 'pending' | 'failed' | null;
  onOpen: (index: number) => void;
}

/** One thumbnail with its current label's colour and name; a grey placeholder until its page arrives. */
export const GridCell = memo(function GridCell({ index, entry, classes, selected, saveState, onOpen }: Props) {
  const value = entry ? shownValue(entry) : null;
  const primary = value?.labels[0] ?? value?.boxes?.[0]?.label;
  const color = primary ? classColor(classes, primary) : 'transparent';
  return (
    <div
      className={`label-cell${selected ? ' selected' : ''}${entry?.mine ? ' mine' : ''}`}
      data-index={index}
      data-testid={`grid-cell-${index}`}
      data-label={value ? value.labels.join(',') : ''}
      onDoubleClick={() => onOpen(index)}
      style={{ borderColor: selected ? undefined : color }}
    >
      <div className="label-thumb">
        {entry?.fileHash ? (
          <img src={mediaUrl(entry.fileHash, 128)} alt={entry.name ?? ''} draggable={false} className="pixelated" />
        ) : entry ? (
          <span className="label-thumb-text">{entry.fields?.map((f) => f.value).join(' · ') ?? entry.name}</span>
        ) : null}
      </div>
      <div className="label-cell-caption">
        <span className="label-swatch" style={{ background: color }} />
        <span className="ellipsis">{entry ? describeValue(value) : '…'}</span>
        {saveState && <span className={`label-save-dot ${saveState}`} title={saveState === 'failed' ? 'not saved' : 'saving'} />}
      </div>
    </div>
  );
});
