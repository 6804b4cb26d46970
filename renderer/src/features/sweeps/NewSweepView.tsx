import { useEffect, type FormEvent } from 'react';
import { ENGINES } from '../../../../shared/domain';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { routeHref } from '../../lib/route';
import { navigate } from '../../lib/useRoute';
import { useDatasets } from '../datasets/datasetsStore';
import { Field, Fieldset } from '../new-run/fields';
import { refreshExperimentsSoon, useShell } from '../shell/shellStore';
import { SpaceEditor } from './SpaceEditor';
import { gridSize, type SweepField, type SweepForm } from './sweepFormModel';
import { useSweeps } from './sweepsStore';

const ENGINE_CHOICES = ['auto', ...ENGINES] as const;
const COMMON_METRICS = ['val_loss', 'val_accuracy', 'loss', 'accuracy'];

export function NewSweepView() {
  const { datasets, loaded, error: datasetsError, load } = useDatasets();
  const experiments = useShell((s) => s.experiments);
  const { form, formErrors: errors, submitting, setForm, submit } = useSweeps();

  useEffect(() => {
    void load();
  }, [load]);

  // Default to the first dataset, and drop a choice that no longer exists.
  useEffect(() => {
    if (loaded && datasets.length > 0 && !datasets.some((d) => d.name === form.dataset)) setForm({ dataset: datasets[0].name });
  }, [loaded, datasets, form.dataset, setForm]);

  if (!loaded) return <Loading what="datasets" />;
  if (datasets.length === 0) {
    return (
      <section className="view">
        {datasetsError && <ErrorNotice message={datasetsError} onRetry={() => void load()} />}
        <EmptyState title="No datasets yet">
          <p>A sweep trains on a dataset; import one first.</p>
          <a className="btn" href="#/datasets">
            Go to datasets
          </a>
        </EmptyState>
      </section>
    );
  }

  const text = (field: SweepField, testId?: string, type = 'text') => ({
    id: `s-${field}`,
    type,
    value: String(form[field]),
    'aria-invalid': errors[field] ? true : undefined,
    'data-testid': testId,
    onChange: (e: { target: { value: string } }) => setForm({ [field]: e.target.value } as Partial<SweepForm>),
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const sweep = await submit();
    if (sweep) {
      refreshExperimentsSoon();
      navigate(routeHref({ name: 'sweep', sweepId: sweep.id }));
    }
  };

  const grid = form.method === 'grid' ? gridSize(form.space) : null;

  return (
    <section className="view">
      <header className="view-header">
        <div>
          <h1>New sweep</h1>
          <p className="muted">
            <a href={routeHref({ name: 'sweeps' })}>All sweeps</a>
          </p>
        </div>
      </header>
      <form className="run-form" data-testid="sweep-form" onSubmit={onSubmit} noValidate>
        {errors.form && <ErrorNotice message={errors.form} />}

        <Fieldset legend="Sweep">
          <Field label="Name" error={errors.name} htmlFor="s-name">
            <input {...text('name', 'sweep-name')} />
          </Field>
          <Field label="Dataset" error={errors.dataset} htmlFor="s-dataset">
            <select id="s-dataset" data-testid="sweep-dataset" value={form.dataset} onChange={(e) => setForm({ dataset: e.target.value })}>
              {datasets.map((d) => (
                <option key={d.id} value={d.name}>
                  {d.name} (v{d.latest.version}, {d.latest.kind})
                </option>
              ))}
            </select>
          </Field>
          <Field label="Experiment" error={errors.experiment} htmlFor="s-experiment">
            <input {...text('experiment', 'sweep-experiment')} list="sweep-experiment-names" />
            <datalist id="sweep-experiment-names">
              {experiments.map((x) => (
                <option key={x.id} value={x.name} />
              ))}
            </datalist>
          </Field>
          <Field label="Method" error={errors.method} htmlFor="s-method" hint={grid !== null ? `${grid} trial${grid === 1 ? '' : 's'} in the grid` : undefined}>
            <select id="s-method" data-testid="sweep-method" value={form.method} onChange={(e) => setForm({ method: e.target.value as SweepForm['method'] })}>
              <option value="grid">grid (every point)</option>
              <option value="random">random (sampled)</option>
            </select>
          </Field>
          {form.method === 'random' && (
            <Field label="Trials" error={errors.trials} htmlFor="s-trials">
              <input {...text('trials', 'sweep-trials', 'number')} min="1" step="1" />
            </Field>
          )}
          <Field label="Parallel" error={errors.parallel} hint="Trials trained at once" htmlFor="s-parallel">
            <input {...text('parallel', 'sweep-parallel', 'number')} min="1" step="1" />
          </Field>
        </Fieldset>

        <Fieldset legend="Objective">
          <Field label="Metric" error={errors.metric} htmlFor="s-metric">
            <input {...text('metric', 'sweep-metric')} list="sweep-metrics" />
            <datalist id="sweep-metrics">
              {COMMON_METRICS.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </Field>
          <Field label="Goal" error={errors.goal} htmlFor="s-goal">
            <select id="s-goal" data-testid="sweep-goal" value={form.goal} onChange={(e) => setForm({ goal: e.target.value as SweepForm['goal'] })}>
              <option value="minimize">minimize</option>
              <option value="maximize">maximize</option>
            </select>
          </Field>
          <Field
            label="Median early stop"
            error={errors.minEpochs}
            hint={form.earlyStop ? 'Compared from this epoch on' : 'Stop trials worse than the median of the others'}
            htmlFor="s-minEpochs"
          >
            <div className="inline-controls">
              <input
                type="checkbox"
                aria-label="Stop weak trials early"
                data-testid="sweep-early-stop"
                checked={form.earlyStop}
                onChange={(e) => setForm({ earlyStop: e.target.checked })}
              />
              <input {...text('minEpochs', 'sweep-min-epochs', 'number')} min="1" step="1" disabled={!form.earlyStop} aria-label="Minimum epochs" />
            </div>
          </Field>
        </Fieldset>

        <Fieldset legend="Base config">
          <Field label="Epochs" error={errors.epochs} htmlFor="s-epochs">
            <input {...text('epochs', 'sweep-epochs', 'number')} min="1" step="1" />
          </Field>
          <Field label="Batch size" error={errors.batchSize} htmlFor="s-batchSize">
            <input {...text('batchSize', 'sweep-batch-size', 'number')} min="1" step="1" />
          </Field>
          <Field label="Engine" error={errors.engine} htmlFor="s-engine">
            <select id="s-engine" data-testid="sweep-engine" value={form.engine} onChange={(e) => setForm({ engine: e.target.value as SweepForm['engine'] })}>
              {ENGINE_CHOICES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </Field>
        </Fieldset>

        <SpaceEditor rows={form.space} errors={errors} gridMethod={form.method === 'grid'} onChange={(space) => setForm({ space })} />

        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="start-sweep" disabled={submitting}>
            {submitting ? 'Starting…' : 'Start sweep'}
          </button>
        </div>
      </form>
    </section>
  );
}
