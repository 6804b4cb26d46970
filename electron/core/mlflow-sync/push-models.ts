import { MlflowRemoteError } from './mlflow-client';
import type { PushContext } from './push-context';

// `cairn push --models`: registered models, their versions from pushed runs, and aliases, through
// MLflow's model registry REST API (registered-models/create, model-versions/create,
// registered-models/alias). A version's source is its run's artifact URI on the server.

/** A local registry version made from a pushed run. */
interface LocalVersion {
  id: number;
  name: string;
  version: number;
  runId: string;
  description: string;
}

interface RemoteVersion {
  version: string;
  run_id?: string;
  tags?: { key: string; value: string }[];
}

const VERSION_TAG = 'cairn.model_version';

class NoRegistry extends Error {}

export async function pushModels(ctx: PushContext, runIds: string[], dryRun: boolean): Promise<void> {
  const versions = ctx.deps.registry.repo
    .versionsFromRuns(runIds)
    .map((v): LocalVersion => ({ id: v.id, name: v.model_name, version: v.version, runId: v.run_id!, description: v.description }));
  try {
    for (const name of new Set(versions.map((v) => v.name))) await registeredModel(ctx, name, dryRun);
    for (const v of versions) await modelVersion(ctx, v, dryRun);
    await aliases(ctx, versions, dryRun);
  } catch (err) {
    if (!(err instanceof NoRegistry)) throw err;
    ctx.warn(`${ctx.client.base} has no model registry API (registered-models/create answered 404); models were not pushed`);
  }
}

/** The registry's own calls: a 404 there means the server has no registry, not a missing thing. */
async function registry<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof MlflowRemoteError && err.status === 404 && err.remoteCode !== 'RESOURCE_DOES_NOT_EXIST') throw new NoRegistry();
    throw err;
  }
}

async function registeredModel(ctx: PushContext, name: string, dryRun: boolean): Promise<void> {
  if (ctx.state.get('model', name)?.remoteId) return;
  ctx.summary.models.registered++;
  if (dryRun) return;
  try {
    await registry(() => ctx.client.post('registered-models/create', { name, tags: [{ key: 'cairn.model', value: name }] }));
  } catch (err) {
    // Someone on the team registered the name first: versions go into theirs.
    if (!(err instanceof MlflowRemoteError && err.remoteCode === 'RESOURCE_ALREADY_EXISTS')) throw err;
  }
  ctx.state.set('model', name, name);
}

async function modelVersion(ctx: PushContext, v: LocalVersion, dryRun: boolean): Promise<void> {
  const key = String(v.id);
  const known = ctx.state.get('model-version', key);
  if (known?.remoteId) return;
  ctx.summary.models.versions++;
  if (dryRun) return;
  const remoteRunId = ctx.state.get('run', v.runId)?.remoteId;
  if (!remoteRunId) {
    ctx.warn(`${v.name} version ${v.version}: its run ${v.runId} is not on ${ctx.client.base}; push the run first`);
    ctx.summary.models.versions--;
    return;
  }
  if (known) {
    // A create sent by a push that died before recording the answer: find it by its tag.
    const found = await registry(() =>
      ctx.client.get<{ model_versions?: RemoteVersion[] }>('model-versions/search', {
        filter: `name='${v.name.replace(/'/g, "\\'")}' and run_id='${remoteRunId}'`,
      }),
    );
    const hit = found.model_versions?.find((m) => m.tags?.some((t) => t.key === VERSION_TAG && t.value === String(v.version)));
    if (hit) {
      ctx.state.set('model-version', key, hit.version);
      return;
    }
  }
  const artifactUri =
    ctx.remoteRuns.get(v.runId)?.artifactUri ??
    (await ctx.client.get<{ run: { info: { artifact_uri: string } } }>('runs/get', { run_id: remoteRunId })).run.info.artifact_uri;
  ctx.state.set('model-version', key, null);
  const created = await registry(() =>
    ctx.client.post<{ model_version: RemoteVersion }>('model-versions/create', {
      name: v.name,
      source: `${artifactUri}/model`,
      run_id: remoteRunId,
      description: v.description,
      tags: [{ key: VERSION_TAG, value: String(v.version) }],
    }),
  );
  ctx.state.set('model-version', key, created.model_version.version);
}

async function aliases(ctx: PushContext, versions: LocalVersion[], dryRun: boolean): Promise<void> {
  if (!versions.length) return;
  const rows = ctx.deps.registry.repo.aliasesOfVersions(versions.map((v) => v.id));
  for (const a of rows) {
    const remoteVersion = ctx.state.get('model-version', String(a.versionId))?.remoteId;
    const key = `${a.name}@${a.alias}`;
    if (dryRun) {
      if (!remoteVersion || ctx.state.get('alias', key)?.remoteId !== remoteVersion) ctx.summary.models.aliases++;
      continue;
    }
    if (!remoteVersion || ctx.state.get('alias', key)?.remoteId === remoteVersion) continue;
    await registry(() => ctx.client.post('registered-models/alias', { name: a.name, alias: a.alias, version: remoteVersion }));
    ctx.state.set('alias', key, remoteVersion);
    ctx.summary.models.aliases++;
  }
}
