import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../shared/domain';
import type { GlobalOptions } from '../../electron/cli/context';
import { registerEvaluate } from '../../electron/cli/commands/evaluate';
import { registerMonitor, registerRetrain } from '../../electron/cli/commands/monitor';
import { registerPredict } from '../../electron/cli/commands/predict';
import { registerSweep } from '../../electron/cli/commands/sweep';
import { registerTrain } from '../../electron/cli/commands/train';

// Help texts once listed engines by hand and forgot webgpu: every --engine must name them all.
describe('--engine help', () => {
  it('names every engine in every command that takes one', () => {
    const program = new Command('cairn');
    const globals = (): GlobalOptions => program.opts<GlobalOptions>();
    for (const register of [registerEvaluate, registerMonitor, registerRetrain, registerPredict, registerSweep, registerTrain]) register(program, globals);
    const found: string[] = [];
    const walk = (cmd: Command, path: string): void => {
      for (const opt of cmd.options) {
        if (opt.long !== '--engine') continue;
        found.push(path);
        for (const engine of ['auto', ...ENGINES]) expect(opt.description, `${path} --engine`).toContain(engine);
      }
      for (const sub of cmd.commands) walk(sub, `${path} ${sub.name()}`);
    };
    walk(program, 'cairn');
    expect(found.length).toBeGreaterThanOrEqual(5);
  });
});
