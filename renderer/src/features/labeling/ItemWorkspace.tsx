import { useState } from 'react';
import type { LabelingSession } from '../../../../shared/labeling-client/session';
import type { Box, LabelSchema, QueueEntry } from '../../../../shared/labeling/types';
import { ErrorNotice, Loading } from '../../components/Notice';
import { routeHref, type Route } from '../../lib/route';
import { navigate } from '../../lib/useRoute';
import { BoxEditor } from './BoxEditor';
import { ImageStage } from './ImageStage';
import { ItemInfo } from './ItemInfo';
import type { Command } from './keymap';
import { LabelBar } from './LabelBar';
import { LabelFlash, useLabelFlash } from './LabelFlash';
import { RowCard } from './RowCard';
import { ShortcutList } from './ShortcutList';
import { QueueEnd } from './QueueEnd';
import { useSession } from './useSession';
import { useWorkspaceKeys } from './useWorkspaceKeys';

type LabelingRoute = Extract<Route, { name: 'labeling' }>;

/** What the labeler is putting together on the current item before saving it (multi-label and boxes). */
interface Draft {
  itemId: number;
  labels: string[];
  boxes: Box[];
}

function initialDraft(entry: QueueEntry): Draft {
  return { itemId: entry.itemId, labels: entry.mine?.labels ?? [], boxes: entry.mine?.boxes ?? entry.versionLabel?.boxes ?? [] };
}

/** One item at a time, keyboard first: a class key labels and moves on (single-label). */
export function ItemWorkspace({ session, schema, route }: { session: LabelingSession; schema: LabelSchema; route: LabelingRoute }) {
  useSession(session);
  const item = session.current;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [selectedBox, setSelectedBox] = useState(-1);
  const [activeClass, setActiveClass] = useState(schema.classes[0]?.name ?? '');
  const [flash, showFlash] = useLabelFlash(schema.classes);
  const d = item ? (draft?.itemId === item.entry.itemId ? draft : initialDraft(item.entry)) : null;
  const task = schema.task;

  const fresh = () => {
    setDraft(null);
    setSelectedBox(-1);
  };
  const editBoxes = (boxes: Box[]) => d && setDraft({ ...d, boxes });

  const pickClass = (name: string) => {
    if (!item || !d) return;
    if (task === 'single') {
      session.labelCurrent({ labels: [name] });
      showFlash(name);
      return fresh();
    }
    if (task === 'multi') return setDraft({ ...d, labels: d.labels.includes(name) ? d.labels.filter((l) => l !== name) : [...d.labels, name] });
    setActiveClass(name);
    if (d.boxes[selectedBox]) editBoxes(d.boxes.map((b, i) => (i === selectedBox ? { ...b, label: name } : b)));
  };

  const enter = () => {
    if (!item || !d) return;
    const suggestion = item.entry.suggestion;
    if (task === 'boxes') session.labelCurrent({ labels: [], boxes: d.boxes });
    else if (task === 'multi' && d.labels.length > 0) {
      session.labelCurrent({ labels: d.labels });
      showFlash(d.labels.join(', '));
    } else if (suggestion) {
      session.labelCurrent({ labels: [suggestion.label] }, 'suggestion');
      showFlash(suggestion.label);
    } else return;
    fresh();
  };

  useWorkspaceKeys('item', schema.classes, (cmd: Command) => {
    switch (cmd.kind) {
      case 'class':
        return pickClass(cmd.name);
      case 'enter':
        return enter();
      case 'next':
        session.next();
        return fresh();
      case 'back':
        session.back();
        return fresh();
      case 'undo':
        session.undo();
        return fresh();
      case 'delete':
        if (d?.boxes[selectedBox]) editBoxes(d.boxes.filter((_, i) => i !== selectedBox));
        return setSelectedBox(-1);
      case 'escape':
        return setSelectedBox(-1);
      case 'toggleGrid':
        return navigate(routeHref({ ...route, view: 'grid' }));
    }
  });

  if (session.done) {
    return (
      <div className="label-main">
        <LabelFlash flash={flash} />
        <QueueEnd session={session} route={route} />
      </div>
    );
  }
  if (!item || !d)
    return session.loadError ? <ErrorNotice message={session.loadError} onRetry={() => session.goTo(session.cursor)} /> : <Loading what="the item" />;

  const active = new Set(task === 'single' ? (item.entry.mine?.labels ?? []) : task === 'multi' ? d.labels : [activeClass]);
  const entry = item.entry;

  return (
    <div className="label-workspace" data-testid="item-workspace" data-item={entry.itemId}>
      <div className="label-main">
        <LabelFlash flash={flash} />
        {entry.fileHash ? (
          <ImageStage
            entry={entry}
            overlay={
              task === 'boxes'
                ? ({ width, height, scale }) => (
                    <BoxEditor
                      boxes={d.boxes}
                      width={width}
                      height={height}
                      scale={scale}
                      classes={schema.classes}
                      activeClass={activeClass}
                      selected={selectedBox}
                      onSelect={setSelectedBox}
                      onChange={editBoxes}
                    />
                  )
                : undefined
            }
          />
        ) : (
          <RowCard entry={entry} />
        )}
        {task === 'boxes' && (
          <div className="label-box-bar">
            <span data-testid="box-count">{d.boxes.length} boxes</span>
            <button type="button" className="btn btn-primary btn-small" data-testid="save-boxes" onClick={enter}>
              Save boxes (Enter)
            </button>
          </div>
        )}
        {task === 'multi' && (
          <div className="label-box-bar">
            <span data-testid="draft-labels">{d.labels.length ? d.labels.join(', ') : 'no classes picked'}</span>
            <button
              type="button"
              className="btn btn-primary btn-small"
              data-testid="save-labels"
              disabled={d.labels.length === 0 && !entry.suggestion}
              onClick={enter}
            >
              Save (Enter)
            </button>
          </div>
        )}
      </div>
      <aside className="label-side">
        <LabelBar classes={schema.classes} active={active} onPick={pickClass} title={task === 'boxes' ? 'Box class' : 'Label set'} />
        <ItemInfo session={session} item={item} />
        <ShortcutList mode="item" task={task} />
      </aside>
    </div>
  );
}
