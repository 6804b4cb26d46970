import { useEffect, type FormEvent } from 'react';
import { ENGINES } from '../../../../shared/domain';
import { activationSchema, optimizerSchema } from '../../../../shared/training/config';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { routeHref } from '../../lib/route';
import { navigate } from '../../lib/useRoute';
import { DatasetImportForm } from '../datasets/DatasetImportForm';
import { useDatasets } from '../datasets/datasetsStore';
import { refreshExperimentsSoon, useShell } from '../shell/shellStore';
import { Field, Fieldset } from './fields';
import { fieldSource, type ConfigField, type RunForm } from './formModel';
import { useNewRun } from './newRunStore';

const ENGINE_CHOICES = ['auto', ...ENGINES] as const;

/** `cloneOf`: a run whose settings fill the form (its Clone action). */
export function NewRunView({ cloneOf }: { cloneOf?: string }) {
  const { datasets, loaded, error: datasetsError, load, importSamples, busy, actionError, failedAction } = useDatasets();
  const experiments = useShell((s) => s.experiments);
  const engine = useShell((s) => s.info?.engine ?? null);
  const { form, baseForm, base, errors, submitting, cloning, cloneError, set, chooseDataset, submit, reset, cloneRun } = useNewRun();
  const source = (field: ConfigField) => fieldSource({ form, baseForm, base }, field);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!loaded || !cloneOf || cloning === cloneOf || (base.kind === 'clone' && base.runId === cloneOf)) return;
    void cloneRun(cloneOf, datasets);
    // Only a new clone target starts a load; the datasets list refreshing doesn't.
  }, [loaded, cloneOf]);

  // Default to the first dataset, and drop a choice that no longer exists.
  useEffect(() => {
    if (!loaded) return;
    if (!datasets.some((d) => String(d.id) === form.datasetId)) chooseDataset(datasets[0]);
  }, [loaded, datasets, form.datasetId, chooseDataset]);

  if (!loaded) return <Loading what="datasets" />;

  if (datasets.length === 0) {
    return (
      <section className="view">
        <header className="view-header">
          <h1>New run</h1>
        </header>
        {datasetsError && <ErrorNotice message={datasetsError} onRetry={() => void load()} />}
        <EmptyState title="No datasets yet">
          <p>A run trains on a dataset. Add the bundled samples to try Cairn, or import your own.</p>
          <button type="button" className="btn btn-primary" data-testid="add-samples" disabled={busy !== null} onClick={() => void importSamples()}>
            {busy === 'samples' ? 'Adding samples…' : 'Add sample datasets'}
          </button>
        </EmptyState>
        {actionError && failedAction === 'samples' && <ErrorNotice message={actionError} />}
        <DatasetImportForm />
      </section>
    );
  }

  const dataset = datasets.find((d) => String(d.id) === form.datasetId);
  const input = (field: keyof RunForm, extra: { type?: string; step?: string; min?: string; testId?: string } = {}) => ({
    id: `f-${field}`,
    type: extra.type ?? 'text',
    step: extra.step,
    min: extra.min,
    value: String(form[field]),
    'aria-invalid': errors[field] ? true : undefined,
    'data-testid': extra.testId,
    onChange: (e: { target: { value: string } }) => set(field, e.target.value as never),
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const run = await submit();
    if (run) {
      refreshExperimentsSoon();
      navigate(routeHref({ name: 'run', runId: run.id }));
    }
  };

  const onReset = () => {
    reset();
    // The URL says where the form came from: a reset form came from the defaults.
    if (cloneOf) navigate(routeHref({ name: 'new-run' }));
  };

  return (
    <section className="view">
      <header className="view-header">
        <div>
          <h1>New run</h1>
          <p className="muted" data-testid="form-origin" data-origin={base.kind}>
            {cloning ? (
              'Loading the run to clone…'
            ) : base.kind === 'clone' ? (
              <>
                Cloned from <a href={routeHref({ name: 'run', runId: base.runId })}>{base.runName}</a>
              </>
            ) : (
              'Starting from the defaults'
            )}
          </p>
        </div>
        <div className="actions">
          <button type="button" className="btn" data-testid="reset-form" onClick={onReset} title="Every setting back to its default">
            Reset
          </button>
        </div>
      </header>
      {cloneError && <ErrorNotice message={cloneError} />}
      <form className="run-form" data-testid="new-run-form" onSubmit={onSubmit} noValidate>
        {errors.form && <ErrorNotice message={errors.form} />}

        <Fieldset legend="Data">
          <Field label="Dataset" error={errors.datasetId} htmlFor="f-datasetId" hint={dataset ? describeDataset(dataset.latest) : undefined}>
            <select
              id="f-datasetId"
              data-testid="dataset-select"
              value={form.datasetId}
              onChange={(e) => chooseDataset(datasets.find((d) => String(d.id) === e.target.value))}
            >
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} (v{d.latest.version}, {d.latest.kind})
                </option>
              ))}
            </select>
          </Field>
          <Field label="Experiment" error={errors.experiment} htmlFor="f-experiment">
            <input {...input('experiment')} list="experiment-names" data-testid="experiment-input" />
            <datalist id="experiment-names">
              {experiments.map((x) => (
                <option key={x.id} value={x.name} />
              ))}
            </datalist>
          </Field>
          <Field label="Run name" error={errors.name} hint="Optional" htmlFor="f-name">
            <input {...input('name', { testId: 'run-name-input' })} placeholder="e.g. wider-lr3e-4" />
          </Field>
        </Fieldset>

        <Fieldset legend="Model">
          <Field label="Model" error={errors.model} source={source('model')} htmlFor="f-model">
            <select id="f-model" data-testid="model-select" value={form.model} onChange={(e) => set('model', e.target.value as RunForm['model'])}>
              <option value="mlp">MLP (tabular)</option>
              <option value="cnn">CNN (images)</option>
            </select>
          </Field>
          {form.model === 'mlp' ? (
            <>
              <Field label="Hidden units" error={errors.hiddenUnits} source={source('hiddenUnits')} hint="Layer sizes, e.g. 64,32" htmlFor="f-hiddenUnits">
                <input {...input('hiddenUnits', { testId: 'hidden-units-input' })} />
              </Field>
              <Field label="Activation" error={errors.activation} source={source('activation')} htmlFor="f-activation">
                <select id="f-activation" value={form.activation} onChange={(e) => set('activation', e.target.value as RunForm['activation'])}>
                  {activationSchema.options.map((a) => (
                    <option key={a}>{a}</option>
                  ))}
                </select>
              </Field>
              <Field label="Dropout" error={errors.mlpDropout} source={source('mlpDropout')} htmlFor="f-mlpDropout">
                <input {...input('mlpDropout', { type: 'number', step: '0.05', min: '0' })} />
              </Field>
            </>
          ) : (
            <>
              <Field label="Filters" error={errors.filters} source={source('filters')} hint="One conv block per entry, e.g. 16,32" htmlFor="f-filters">
                <input {...input('filters', { testId: 'filters-input' })} />
              </Field>
              <Field label="Kernel size" error={errors.kernelSize} source={source('kernelSize')} htmlFor="f-kernelSize">
                <input {...input('kernelSize', { type: 'number', step: '1', min: '1' })} />
              </Field>
              <Field label="Dense units" error={errors.denseUnits} source={source('denseUnits')} htmlFor="f-denseUnits">
                <input {...input('denseUnits', { type: 'number', step: '1', min: '1' })} />
              </Field>
              <Field label="Dropout" error={errors.cnnDropout} source={source('cnnDropout')} htmlFor="f-cnnDropout">
                <input {...input('cnnDropout', { type: 'number', step: '0.05', min: '0' })} />
              </Field>
              <Field label="Image size" error={errors.imageSize} source={source('imageSize')} hint="Pixels per side" htmlFor="f-imageSize">
                <input {...input('imageSize', { type: 'number', step: '1', min: '8' })} />
              </Field>
              <Field label="Channels" error={errors.channels} source={source('channels')} htmlFor="f-channels">
                <select id="f-channels" value={form.channels} onChange={(e) => set('channels', e.target.value as RunForm['channels'])}>
                  <option value="1">1 (grayscale)</option>
                  <option value="3">3 (RGB)</option>
                </select>
              </Field>
            </>
          )}
        </Fieldset>

        <Fieldset legend="Training">
          <Field label="Optimizer" error={errors.optimizer} source={source('optimizer')} htmlFor="f-optimizer">
            <select id="f-optimizer" value={form.optimizer} onChange={(e) => set('optimizer', e.target.value as RunForm['optimizer'])}>
              {optimizerSchema.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </Field>
          <Field label="Learning rate" error={errors.learningRate} source={source('learningRate')} htmlFor="f-learningRate">
            <input {...input('learningRate', { type: 'number', step: 'any', min: '0', testId: 'learning-rate-input' })} />
          </Field>
          <Field label="Batch size" error={errors.batchSize} source={source('batchSize')} htmlFor="f-batchSize">
            <input {...input('batchSize', { type: 'number', step: '1', min: '1', testId: 'batch-size-input' })} />
          </Field>
          <Field label="Epochs" error={errors.epochs} source={source('epochs')} htmlFor="f-epochs">
            <input {...input('epochs', { type: 'number', step: '1', min: '1', testId: 'epochs-input' })} />
          </Field>
          <Field
            label="Validation split"
            error={errors.validationSplit}
            source={source('validationSplit')}
            hint="Fraction held out, 0–0.9"
            htmlFor="f-validationSplit"
          >
            <input {...input('validationSplit', { type: 'number', step: '0.05', min: '0' })} />
          </Field>
          <Field label="Seed" error={errors.seed} source={source('seed')} htmlFor="f-seed">
            <input {...input('seed', { type: 'number', step: '1', min: '0', testId: 'seed-input' })} />
          </Field>
          <Field
            label="Early stopping"
            error={errors.patience}
            source={source(form.earlyStopping !== baseForm.earlyStopping ? 'earlyStopping' : 'patience')}
            hint={form.earlyStopping ? 'Patience in epochs, on val_loss' : undefined}
            htmlFor="f-patience"
          >
            <div className="inline-controls">
              <input
                type="checkbox"
                aria-label="Enable early stopping"
                data-testid="early-stopping-toggle"
                checked={form.earlyStopping}
                onChange={(e) => set('earlyStopping', e.target.checked)}
              />
              <input {...input('patience', { type: 'number', step: '1', min: '1' })} disabled={!form.earlyStopping} aria-label="Patience" />
            </div>
          </Field>
        </Fieldset>

        <Fieldset legend="Engine">
          <Field
            label="Engine"
            error={errors.engine}
            source={source('engine')}
            htmlFor="f-engine"
            hint={engine ? `auto resolves to ${engine.engine} · ${engine.device.toUpperCase()} on this machine` : undefined}
          >
            <select id="f-engine" data-testid="engine-select" value={form.engine} onChange={(e) => set('engine', e.target.value as RunForm['engine'])}>
              {ENGINE_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          </Field>
        </Fieldset>

        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="start-run" disabled={submitting}>
            {submitting ? 'Starting…' : 'Start run'}
          </button>
        </div>
      </form>
    </section>
  );
}

function describeDataset(v: { kind: string; rows: number; columns: unknown[]; classes: string[] }): string {
  const parts = [`${v.rows} rows`, `${v.columns.length} columns`];
  if (v.classes.length) parts.push(`${v.classes.length} classes`);
  return parts.join(' · ');
}
