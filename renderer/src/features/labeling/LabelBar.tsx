import type { LabelClass } from '../../../../shared/labeling/types';

/** The label set on screen: each class with its colour and key; a click does what the key does. */
export function LabelBar({
  classes,
  active,
  onPick,
  title,
}: {
  classes: readonly LabelClass[];
  active: ReadonlySet<string>;
  onPick: (name: string) => void;
  title: string;
}) {
  return (
    <div className="label-bar" data-testid="label-bar">
      <h2>{title}</h2>
      <div className="label-bar-classes">
        {classes.map((c) => (
          <button
            key={c.name}
            type="button"
            className={`label-class${active.has(c.name) ? ' active' : ''}`}
            style={{ borderColor: c.color }}
            data-testid={`class-${c.name}`}
            aria-pressed={active.has(c.name)}
            onClick={() => onPick(c.name)}
          >
            <span className="label-swatch" style={{ background: c.color }} />
            <span className="label-class-name">{c.name}</span>
            {c.hotkey && <kbd>{c.hotkey}</kbd>}
          </button>
        ))}
      </div>
    </div>
  );
}
