import fs from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import { parse as parseYaml } from 'yaml';
import { pipelineSpecSchema, specProblem, type PipelineSpec } from '../../../shared/pipelines/spec';
import { UserError } from '../errors';

export interface LoadedSpec {
  spec: PipelineSpec;
  /** The spec file's folder: relative folders in it (watch, export) are read from here. */
  dir: string;
  file: string;
}

/** Reads and checks a pipeline spec; any problem is one line naming the file and the field. */
export function loadPipelineSpec(file: string): LoadedSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return { spec: parsePipelineSpec(text, file), dir: path.dirname(path.resolve(file)), file: path.resolve(file) };
}

export function parsePipelineSpec(text: string, label: string): PipelineSpec {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new UserError(`${label}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = pipelineSpecSchema.safeParse(raw);
  if (!parsed.success) throw new UserError(`${label}: ${specProblem(parsed.error)}`);
  const trigger = parsed.data.trigger;
  if (trigger.kind === 'schedule') {
    try {
      new Cron(trigger.cron, { paused: true, timezone: trigger.timezone }).stop();
    } catch (err) {
      throw new UserError(`${label}: trigger.cron: ${(err as Error).message.replace(/^CronPattern: /, '')}`);
    }
  }
  return parsed.data;
}
