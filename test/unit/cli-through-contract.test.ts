import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

// The CLI is a client of the contract like the app and `cairn serve`: it reaches the core through
// `dispatch` (validated calls, resolved names, one not_found) and `events`, never its services or
// database. This scans every CLI file for what it does with the core.

const CLI = path.join(REPO_ROOT, 'electron', 'cli');

/** Members of the core any command may use. */
const MEMBERS = new Set(['dispatch', 'events', 'close']);

/** Members used for the core's lifecycle, where and why. */
const LIFECYCLE: Record<string, Record<string, string>> = {
  'context.ts': { autoPush: 'close() does not wait: a run that ended during the command is pushed to the team server before the core closes' },
  'commands/pipeline.ts': { services: 'handed to PipelineRunner and watchPipeline (below)' },
  'commands/push.ts': { services: 'handed to push (below)' },
  'commands/pull.ts': { services: 'handed to pull (below)' },
};

/** Core code handed the whole core, where and why. */
const HANDED_TO: Record<string, Record<string, string>> = {
  'context.ts': { Core: 'opens the core for a command' },
  'commands/pipeline.ts': {
    PipelineRunner: '`pipeline run` runs its steps (train, evaluate) in this process, from a spec file read here',
    watchPipeline: '`pipeline watch` stays up in this process and runs the pipeline on each trigger',
  },
  // As calls, `cairn serve` would send its own MLflow credentials to whatever server a caller names.
  'commands/push.ts': { push: 'the MLflow sync runs here, with the credentials of the shell that runs it' },
  'commands/pull.ts': { pull: 'the MLflow sync runs here, with the credentials of the shell that runs it' },
};

/** Files that host the core rather than use it, and why. */
const HOSTS: Record<string, string> = {
  'commands/serve.ts': 'cairn serve hosts the core for its HTTP transport, as electron/main does for the desktop app',
};

function cliFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? cliFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

/** Names bound to modules outside electron/cli: static imports and `const { x } = await import(...)`. */
function foreignNames(file: string, source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const foreign = (spec: string) => !spec.startsWith('.') || !path.resolve(path.dirname(file), spec).startsWith(CLI + path.sep);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && foreign(node.moduleSpecifier.text)) {
      const clause = node.importClause;
      if (clause?.name) names.add(clause.name.text);
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) for (const e of clause.namedBindings.elements) names.add(e.name.text);
    }
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = ts.isAwaitExpression(node.initializer) ? node.initializer.expression : node.initializer;
      const dynamic =
        ts.isCallExpression(init) &&
        init.expression.kind === ts.SyntaxKind.ImportKeyword &&
        ts.isStringLiteral(init.arguments[0]) &&
        foreign(init.arguments[0].text);
      if (dynamic && ts.isObjectBindingPattern(node.name)) for (const e of node.name.elements) if (ts.isIdentifier(e.name)) names.add(e.name.text);
      // const [{ push }, client] = await Promise.all([import(...), ...])
      if (ts.isArrayBindingPattern(node.name) && ts.isCallExpression(init) && /Promise\.all/.test(init.expression.getText(source))) {
        const arr = init.arguments[0];
        if (arr && ts.isArrayLiteralExpression(arr)) {
          node.name.elements.forEach((el, i) => {
            const item = arr.elements[i];
            const isForeignImport =
              item &&
              ts.isCallExpression(item) &&
              item.expression.kind === ts.SyntaxKind.ImportKeyword &&
              ts.isStringLiteral(item.arguments[0]) &&
              foreign(item.arguments[0].text);
            if (isForeignImport && ts.isBindingElement(el) && ts.isObjectBindingPattern(el.name))
              for (const e of el.name.elements) if (ts.isIdentifier(e.name)) names.add(e.name.text);
          });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** Every use of the core in a file that is not `core.<member>` with an allowed member, or handed to CLI code. */
export function coreUses(file: string, text: string): string[] {
  const rel = path.relative(CLI, file).split(path.sep).join('/');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const foreign = foreignNames(file, source);
  const found: string[] = [];
  const where = (node: ts.Node) => `${rel}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const visit = (node: ts.Node): void => {
    // A callback of withCore names its core `core`, and so does every helper taking one: the name is what this scan follows.
    if (ts.isParameter(node) && node.type && /^(Core|CliCore)$/.test(node.type.getText(source)) && node.name.getText(source) !== 'core') {
      found.push(`${where(node)} names a core "${node.name.getText(source)}"`);
    }
    if (
      ts.isIdentifier(node) &&
      node.text === 'core' &&
      !ts.isParameter(node.parent) &&
      !(ts.isVariableDeclaration(node.parent) && node.parent.name === node)
    ) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
        const member = parent.name.text;
        if (!MEMBERS.has(member) && !LIFECYCLE[rel]?.[member]) found.push(`${where(node)} core.${member}`);
      } else if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node)) {
        const callee = parent.expression.getText(source);
        if (foreign.has(callee) && !HANDED_TO[rel]?.[callee]) found.push(`${where(node)} hands the core to ${callee}`);
      } else if (!(ts.isPropertyAccessExpression(parent) && parent.name === node)) {
        found.push(`${where(node)} uses the core as ${parent.getText(source).slice(0, 60)}`);
      }
    }
    if (ts.isNewExpression(node) && node.expression.getText(source) === 'Core' && !HANDED_TO[rel]?.Core) found.push(`${where(node)} opens a core of its own`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the CLI goes through the contract', () => {
  const files = cliFiles(CLI).filter((f) => !HOSTS[path.relative(CLI, f).split(path.sep).join('/')]);

  it('finds the commands', () => {
    expect(files.length).toBeGreaterThan(15);
  });

  it('touches nothing of the core but dispatch, events and its lifecycle', () => {
    expect(files.flatMap((f) => coreUses(f, fs.readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('sees each way of reaching past the contract', () => {
    const file = path.join(CLI, 'commands', 'x.ts');
    const uses = (body: string) => coreUses(file, `import { collectGarbage } from '../../core/files/gc';\nimport { follow } from './train';\n${body}`);
    expect(uses('withCore(g, async (core) => core.runs.detail("a"));')).toEqual(['commands/x.ts:3 core.runs']);
    expect(uses('withCore(g, async (core) => core.db.prepare("x"));')).toEqual(['commands/x.ts:3 core.db']);
    expect(uses('withCore(g, async (core) => core.services.runs.detail("a"));')).toEqual(['commands/x.ts:3 core.services']);
    expect(uses('withCore(g, async (core) => collectGarbage(core));')).toEqual(['commands/x.ts:3 hands the core to collectGarbage']);
    expect(uses('withCore(g, async (core) => { const { datasets } = core; });')).toEqual(['commands/x.ts:3 uses the core as { datasets } = core']);
    expect(uses('async function f(c: CliCore) {}')).toEqual(['commands/x.ts:3 names a core "c"']);
    expect(uses('const c = new Core({});')).toEqual(['commands/x.ts:3 opens a core of its own']);
    expect(
      uses("withCore(g, async (core) => { const { PipelineStore } = await import('../../core/pipelines/pipeline-store'); new PipelineStore(core); });"),
    ).toEqual(['commands/x.ts:3 hands the core to PipelineStore']);
    // What a command may do: calls, events, and CLI helpers given the core.
    expect(
      uses("withCore(g, async (core) => { await core.dispatch('runs.get', {}); core.events.on('run.progress', () => {}); await follow(core, 'a'); });"),
    ).toEqual([]);
  });
});
