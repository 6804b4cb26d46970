'use strict';
// electron-builder beforePack hook: rebuild native modules (better-sqlite3 above all) for the
// Electron version and architecture being packed, so the app loads them in its own Node ABI.
// tfjs-node(-gpu) are N-API and need no rebuild; they are only unpacked from the asar.
const path = require('node:path');
const { rebuild } = require('@electron/rebuild');

const ARCHS = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

exports.default = async function beforePack(context) {
  const root = path.resolve(__dirname, '..');
  const electronVersion = context.packager.info.framework.version;
  const arch = ARCHS[context.arch] ?? process.arch;
  process.stdout.write(`Rebuilding native modules for Electron ${electronVersion} (${arch})\n`);
  await rebuild({ buildPath: root, electronVersion, arch, onlyModules: ['better-sqlite3'], force: true });
};
