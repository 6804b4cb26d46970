import { z } from 'zod';

/**
 * Every call input that names a file or folder on the core's machine (to read or to write) is
 * this one schema, so a transport can find them all: `cairn serve` confines them to its allowed
 * folders (electron/server/path-guard.ts); the desktop app and the CLI do not.
 */
export const userPath = z.string().min(1).max(4096);
