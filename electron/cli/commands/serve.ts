import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../core/errors';
import { resolveDataDir } from '../../core/data-dir';
import { RENDERER_DIR } from '../../core/paths';
import { readOrCreateToken, rotateToken, tokenReader } from '../../server/token';
import type { GlobalOptions } from '../context';
import { parseNumber } from '../output';

function parsePort(raw: string): number {
  const n = parseNumber('--port', true)(raw);
  if (n < 0 || n > 65535) throw new UserError(`--port expects 0 to 65535, got ${raw}`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function existingFolder(dir: string): string {
  const abs = path.resolve(dir);
  if (!fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`--allow-path ${dir}: no such folder`);
  return abs;
}

export function registerServe(program: Command, globals: () => GlobalOptions): void {
  program
    .command('serve')
    .description('serve the app and its API over HTTP (for a browser, or a GPU box over an SSH tunnel)')
    .option('--port <n>', 'port (0 picks a free one)', parsePort, 7860)
    .option('--host <host>', 'address to bind; anything but loopback exposes the app to your network', '127.0.0.1')
    .option('--allow-host <name>', "also answer requests addressed to this host name (a proxy's, say); repeatable", collect, [])
    .option('--allow-path <dir>', 'also let calls read and write files under this folder; repeatable', collect, [])
    .action(async (o: { port: number; host: string; allowHost: string[]; allowPath: string[] }, cmd: Command) => {
      const dataDir = resolveDataDir(globals().dataDir);
      const allowPaths = [process.cwd(), ...o.allowPath.map(existingFolder)];
      const [{ Core }, { startServer }, { PipelineHost }] = await Promise.all([
        import('../../core/core'),
        import('../../server/http-server'),
        import('../../core/pipelines/pipeline-host'),
      ]);
      const core = new Core({ dataDir, transport: 'http' });
      const listen = (port: number) =>
        startServer(core, { host: o.host, port, token: tokenReader(dataDir), staticDir: RENDERER_DIR, allowHosts: o.allowHost, allowPaths });
      let server;
      try {
        server = await listen(o.port);
      } catch (err) {
        // The default port being taken (another Cairn, say) is no reason to fail; a chosen one is.
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
          core.close();
          throw new UserError(`Cannot listen on ${o.host}:${o.port}: ${(err as Error).message}`);
        }
        if (cmd.getOptionValueSource('port') !== 'default') {
          core.close();
          throw new UserError(`Port ${o.port} is in use; choose another with --port`);
        }
        server = await listen(0);
        process.stdout.write(`Port ${o.port} is in use; using ${server.port} instead.\n`);
      }
      const token = readOrCreateToken(dataDir);
      // One write, so a script reading the output has the whole banner once it sees the URL.
      const lines = [
        `Cairn is serving ${dataDir}`,
        `Open ${server.url}?token=${token}`,
        `Calls may read and write files under: ${server.pathRoots.join(', ')} (add folders with --allow-path)`,
      ];
      if (server.exposed) {
        lines.push(
          `Warning: bound to ${o.host}, Cairn is reachable from the network and the token is its only key (there is no TLS: prefer an SSH tunnel to a loopback bind).`,
          `It answers requests addressed to localhost, ${server.hostNames().join(', ')} (add names with --allow-host).`,
        );
      }
      if (core.interrupted.length) lines.push(`${core.interrupted.length} run(s) left running by a closed process are now interrupted.`);
      process.stdout.write(lines.join('\n') + '\n');
      // Settings › pipelines: watched while this serves; a run cut short by the stop is carried on by the next watcher.
      const pipelines = new PipelineHost(core.services);
      const stop = async () => {
        void pipelines.close();
        await server.close();
        core.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('token')
    .description('print the access token of `cairn serve` (also the MLflow tracking token)')
    .option('--rotate', 'replace the token; open pages and scripts must use the new one')
    .action((o: { rotate?: boolean }) => {
      const dataDir = resolveDataDir(globals().dataDir);
      process.stdout.write((o.rotate ? rotateToken(dataDir) : readOrCreateToken(dataDir)) + '\n');
    });
}
