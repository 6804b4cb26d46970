import type {
  PipelineApproval,
  PipelineDecision,
  PipelineRunRecord,
  PipelineRunStatus,
  PipelineRunSummary,
  PipelineStepRecord,
  PipelineTrigger,
  StepStatus,
} from '../../../shared/pipelines/run';
import { stepName, type PipelineSpec } from '../../../shared/pipelines/spec';
import { notFound } from '../errors';
import { isOtherProcessAlive } from '../process-alive';
import type { Db } from '../store/database';

interface RunRow {
  id: number;
  pipeline: string;
  trigger: string;
  spec: string;
  spec_dir: string;
  status: PipelineRunStatus;
  decision: PipelineDecision | null;
  reason: string | null;
  owner_pid: number | null;
  created_at: number;
  ended_at: number | null;
}

interface StepRow {
  position: number;
  name: string;
  type: string;
  status: StepStatus;
  started_at: number | null;
  ended_at: number | null;
  log: string;
  outputs: string;
  error: string | null;
}

const SELECT_RUN = 'SELECT r.*, p.name AS pipeline FROM pipeline_runs r JOIN pipelines p ON p.id = r.pipeline_id';

/** A run as stored: its spec snapshot, so a spec edited later never changes how it resumes. */
export interface StoredRun {
  record: PipelineRunRecord;
  spec: PipelineSpec;
  specDir: string;
  ownerPid: number | null;
}

/** Pipeline definitions, runs, their steps and approvals, in the data folder's database. */
export class PipelineStore {
  constructor(private readonly db: Db) {}

  /** Records the definition as last seen, so the app can list it. */
  upsertPipeline(spec: PipelineSpec, sourcePath: string | null): number {
    const now = Date.now();
    this.db
      .prepare(
        'INSERT INTO pipelines (name, spec, source_path, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, source_path = excluded.source_path, updated_at = excluded.updated_at',
      )
      .run(spec.name, JSON.stringify(spec), sourcePath, now, now);
    return this.db.prepare('SELECT id FROM pipelines WHERE name = ?').pluck().get(spec.name) as number;
  }

  definitions(): { name: string; spec: PipelineSpec; sourcePath: string | null; updatedAt: number }[] {
    const rows = this.db.prepare('SELECT name, spec, source_path, updated_at FROM pipelines ORDER BY name').all() as {
      name: string;
      spec: string;
      source_path: string | null;
      updated_at: number;
    }[];
    return rows.map((r) => ({ name: r.name, spec: JSON.parse(r.spec) as PipelineSpec, sourcePath: r.source_path, updatedAt: r.updated_at }));
  }

  pipelineId(name: string): number | null {
    return (this.db.prepare('SELECT id FROM pipelines WHERE name = ?').pluck().get(name) as number | undefined) ?? null;
  }

  hasTrigger(pipelineId: number, key: string): boolean {
    return this.db.prepare('SELECT 1 FROM pipeline_runs WHERE pipeline_id = ? AND trigger_key = ?').get(pipelineId, key) !== undefined;
  }

  /** Whether a monitor trigger already judged this item with these options and found nothing. */
  wasExamined(pipelineId: number, key: string, judgedWith: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM pipeline_examined WHERE pipeline_id = ? AND item_key = ? AND judged_with = ?').get(pipelineId, key, judgedWith) !==
      undefined
    );
  }

  markExamined(pipelineId: number, key: string, judgedWith: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO pipeline_examined (pipeline_id, item_key, judged_with, examined_at) VALUES (?, ?, ?, ?)')
      .run(pipelineId, key, judgedWith, Date.now());
  }

  /**
   * A new run with its steps pending, or null when this trigger already started one, or a run of
   * this pipeline is under way (`underWay`): two processes watching one spec (the app, a CLI
   * watcher) take turns, so two runs never import onto the same latest version at once.
   */
  createRun(pipelineId: number, spec: PipelineSpec, specDir: string, trigger: PipelineTrigger): number | null {
    return this.db
      .transaction(() => {
        if (this.underWay(pipelineId) !== null) return null;
        const inserted = this.db
          .prepare(
            "INSERT OR IGNORE INTO pipeline_runs (pipeline_id, trigger_kind, trigger_key, trigger, spec, spec_dir, status, owner_pid, created_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?)",
          )
          .run(pipelineId, trigger.kind, trigger.key, JSON.stringify(trigger), JSON.stringify(spec), specDir, process.pid, Date.now());
        if (inserted.changes === 0) return null;
        const runId = Number(inserted.lastInsertRowid);
        const step = this.db.prepare("INSERT INTO pipeline_steps (run_id, position, name, type, status) VALUES (?, ?, ?, ?, 'pending')");
        spec.steps.forEach((s, i) => step.run(runId, i, stepName(s), s.type));
        return runId;
      })
      .immediate();
  }

  get(runId: number): StoredRun {
    const row = this.db.prepare(`${SELECT_RUN} WHERE r.id = ?`).get(runId) as RunRow | undefined;
    if (!row) throw notFound(`Pipeline run ${runId}`);
    const steps = this.db.prepare('SELECT * FROM pipeline_steps WHERE run_id = ? ORDER BY position').all(runId) as StepRow[];
    const approvals = this.db
      .prepare('SELECT decision, by, reason, at FROM pipeline_approvals WHERE run_id = ? ORDER BY at, id')
      .all(runId) as PipelineApproval[];
    return {
      record: {
        id: row.id,
        pipeline: row.pipeline,
        trigger: JSON.parse(row.trigger) as PipelineTrigger,
        status: row.status,
        decision: row.decision,
        reason: row.reason,
        createdAt: row.created_at,
        endedAt: row.ended_at,
        steps: steps.map(stepRecord),
        approvals,
      },
      spec: JSON.parse(row.spec) as PipelineSpec,
      specDir: row.spec_dir,
      ownerPid: row.owner_pid,
    };
  }

  list(filter: { pipeline?: string; limit: number }): PipelineRunSummary[] {
    const rows = this.db
      .prepare(`${SELECT_RUN} WHERE (? IS NULL OR p.name = ?) ORDER BY r.id DESC LIMIT ?`)
      .all(filter.pipeline ?? null, filter.pipeline ?? null, filter.limit) as RunRow[];
    return rows.map((r) => ({
      id: r.id,
      pipeline: r.pipeline,
      trigger: (JSON.parse(r.trigger) as PipelineTrigger).label,
      status: r.status,
      decision: r.decision,
      reason: r.reason,
      createdAt: r.created_at,
      endedAt: r.ended_at,
    }));
  }

  /** The run of this pipeline running in a live process, this one included; null when none is. */
  underWay(pipelineId: number): number | null {
    const rows = this.db.prepare("SELECT id, owner_pid FROM pipeline_runs WHERE pipeline_id = ? AND status = 'running' ORDER BY id").all(pipelineId) as {
      id: number;
      owner_pid: number | null;
    }[];
    return rows.find((r) => r.owner_pid === process.pid || (r.owner_pid !== null && isOtherProcessAlive(r.owner_pid)))?.id ?? null;
  }

  /** Runs of a pipeline left `running` by a process that is gone. */
  orphans(pipelineId: number, isAlive: (pid: number) => boolean): number[] {
    const rows = this.db.prepare("SELECT id, owner_pid FROM pipeline_runs WHERE pipeline_id = ? AND status = 'running' ORDER BY id").all(pipelineId) as {
      id: number;
      owner_pid: number | null;
    }[];
    return rows.filter((r) => r.owner_pid === null || (r.owner_pid !== process.pid && !isAlive(r.owner_pid))).map((r) => r.id);
  }

  /** Takes over a run whose process died (see orphans). */
  claim(runId: number): void {
    this.db.prepare("UPDATE pipeline_runs SET owner_pid = ?, status = 'running', ended_at = NULL WHERE id = ?").run(process.pid, runId);
  }

  /** Moves a waiting run back to running, once: of two people approving at once, one wins. */
  takeWaiting(runId: number): boolean {
    return (
      this.db.prepare("UPDATE pipeline_runs SET status = 'running', owner_pid = ? WHERE id = ? AND status = 'waiting_approval'").run(process.pid, runId)
        .changes === 1
    );
  }

  startStep(runId: number, position: number): void {
    this.db
      .prepare("UPDATE pipeline_steps SET status = 'running', started_at = ?, ended_at = NULL, error = NULL WHERE run_id = ? AND position = ?")
      .run(Date.now(), runId, position);
  }

  /** Outputs known mid-step (a training run's id), kept so a restart can pick the step up. */
  setOutputs(runId: number, position: number, outputs: Record<string, unknown>): void {
    this.db.prepare('UPDATE pipeline_steps SET outputs = ? WHERE run_id = ? AND position = ?').run(JSON.stringify(outputs), runId, position);
  }

  appendLog(runId: number, position: number, line: string): void {
    this.db.prepare('UPDATE pipeline_steps SET log = log || ? WHERE run_id = ? AND position = ?').run(`${line}\n`, runId, position);
  }

  endStep(runId: number, position: number, status: StepStatus, outputs: Record<string, unknown> | null, error: string | null): void {
    this.db
      .prepare('UPDATE pipeline_steps SET status = ?, ended_at = ?, outputs = COALESCE(?, outputs), error = ? WHERE run_id = ? AND position = ?')
      .run(status, status === 'pending' ? null : Date.now(), outputs === null ? null : JSON.stringify(outputs), error, runId, position);
  }

  setDecision(runId: number, decision: PipelineDecision | null, reason: string | null): void {
    this.db.prepare('UPDATE pipeline_runs SET decision = ?, reason = ? WHERE id = ?').run(decision, reason, runId);
  }

  finish(runId: number, status: PipelineRunStatus): void {
    this.db.prepare('UPDATE pipeline_runs SET status = ?, ended_at = ? WHERE id = ?').run(status, status === 'running' ? null : Date.now(), runId);
  }

  addApproval(runId: number, a: PipelineApproval): void {
    this.db.prepare('INSERT INTO pipeline_approvals (run_id, decision, by, reason, at) VALUES (?, ?, ?, ?, ?)').run(runId, a.decision, a.by, a.reason, a.at);
  }
}

function stepRecord(r: StepRow): PipelineStepRecord {
  return {
    name: r.name,
    type: r.type,
    status: r.status,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationMs: r.started_at !== null && r.ended_at !== null ? r.ended_at - r.started_at : null,
    log: r.log.split('\n').filter((l) => l !== ''),
    outputs: JSON.parse(r.outputs) as Record<string, unknown>,
    error: r.error,
  };
}
