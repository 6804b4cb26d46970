import type { LabelTask } from '../../../../shared/labeling/types';
import { shortcutList, type Mode } from './keymap';

export function ShortcutList({ mode, task }: { mode: Mode; task: LabelTask }) {
  return (
    <div className="label-shortcuts" data-testid="shortcuts">
      <h2>Keys</h2>
      <dl>
        {shortcutList(mode, task).map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
