import type { ReactNode } from 'react';

/** Label, control and its inline error, laid out the same everywhere in the form. */
export function Field({
  label,
  error,
  hint,
  children,
  htmlFor,
  source,
}: {
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
  htmlFor?: string;
  /** Where the value came from ("default", "from run X", "edited"), shown beside the label. */
  source?: string;
}) {
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={htmlFor}>
        {label}
        {source && (
          <span className={`field-source source-${source === 'default' ? 'default' : source === 'edited' ? 'edited' : 'clone'}`} data-testid="field-source">
            {source}
          </span>
        )}
      </label>
      {children}
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : (
        hint && <span className="field-hint">{hint}</span>
      )}
    </div>
  );
}

export function Fieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend>{legend}</legend>
      <div className="form-grid">{children}</div>
    </fieldset>
  );
}
