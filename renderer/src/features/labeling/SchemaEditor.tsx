import { useState } from 'react';
import { assignHotkeys, hotkeyProblem } from '../../../../shared/labeling/hotkeys';
import type { LabelSchema, LabelTask } from '../../../../shared/labeling/types';
import { useLabeling } from './labelingStore';

interface Row {
  name: string;
  hotkey: string;
  color: string;
}

const TASKS: { task: LabelTask; title: string }[] = [
  { task: 'single', title: 'One class per item' },
  { task: 'multi', title: 'Any classes per item' },
  { task: 'boxes', title: 'Bounding boxes' },
];

/** Whatever is wrong with the rows, said once, before the core is asked. */
function problem(rows: Row[]): string | null {
  const named = rows.filter((r) => r.name.trim());
  if (named.length === 0) return 'Add at least one class.';
  const names = named.map((r) => r.name.trim());
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) return `"${twice}" is listed twice.`;
  return hotkeyProblem(named.map((r) => ({ name: r.name.trim(), hotkey: r.hotkey })));
}

/** The label set: the task and its classes, each with a key (left empty, one is picked) and a colour. */
export function SchemaEditor({ schema }: { schema: LabelSchema }) {
  const { saveSchema, schemaError, editSchema } = useLabeling();
  const [task, setTask] = useState<LabelTask>(schema.task);
  const [rows, setRows] = useState<Row[]>(schema.classes.length ? schema.classes.map((c) => ({ ...c })) : [{ name: '', hotkey: '', color: '' }]);
  const [busy, setBusy] = useState(false);
  const issue = problem(rows);
  // The key a named row left empty will get, shown as its placeholder (the core assigns the same).
  const named = rows.filter((r) => r.name.trim());
  const assigned = issue ? [] : assignHotkeys(named.map((r) => ({ name: r.name.trim(), ...(r.hotkey ? { hotkey: r.hotkey } : {}) })));
  const auto = new Map(named.map((r, j) => [r, assigned[j]?.hotkey]));

  const change = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setBusy(true);
    const classes = rows
      .filter((r) => r.name.trim())
      .map((r) => ({ name: r.name.trim(), ...(r.hotkey ? { hotkey: r.hotkey.toLowerCase() } : {}), ...(r.color ? { color: r.color } : {}) }));
    await saveSchema(task, classes);
    setBusy(false);
  };

  return (
    <form
      className="card label-schema"
      data-testid="schema-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (!issue) void save();
      }}
    >
      <div className="card-header">
        <h2>Label set</h2>
        {schema.classes.length > 0 && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => editSchema(false)}>
            Cancel
          </button>
        )}
      </div>
      {schema.classes.length === 0 && <p className="muted">This dataset has no classes yet. Name them to start labeling.</p>}
      <fieldset className="label-task-choice">
        <legend className="muted">Task</legend>
        {TASKS.map((t) => (
          <label key={t.task}>
            <input type="radio" name="task" value={t.task} checked={task === t.task} onChange={() => setTask(t.task)} data-testid={`task-${t.task}`} />{' '}
            {t.title}
          </label>
        ))}
      </fieldset>
      <table className="data-table label-schema-table">
        <thead>
          <tr>
            <th>Class</th>
            <th>Key</th>
            <th>Colour</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                <input
                  value={r.name}
                  placeholder="class name"
                  data-testid={`class-name-${i}`}
                  onChange={(e) => change(i, { name: e.target.value })}
                  autoFocus={i === rows.length - 1 && !r.name}
                />
              </td>
              <td>
                <input
                  className="label-key-input"
                  value={r.hotkey}
                  maxLength={1}
                  placeholder={auto.get(r) || 'auto'}
                  data-testid={`class-key-${i}`}
                  onChange={(e) => change(i, { hotkey: e.target.value.toLowerCase() })}
                />
              </td>
              <td>
                <input
                  type="color"
                  value={r.color || '#4e79a7'}
                  onChange={(e) => change(i, { color: e.target.value })}
                  aria-label={`Colour of ${r.name || 'class'}`}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  aria-label="Remove class"
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                  disabled={rows.length === 1}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="btn btn-small" data-testid="add-class" onClick={() => setRows([...rows, { name: '', hotkey: '', color: '' }])}>
          Add class
        </button>
        <button type="submit" className="btn btn-primary" data-testid="save-schema" disabled={busy || !!issue}>
          Save label set
        </button>
        {issue && rows.some((r) => r.name.trim()) && <span className="muted">{issue}</span>}
        {schemaError && <span className="label-save-state failed">{schemaError}</span>}
      </div>
    </form>
  );
}
