import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MEDIA_PREFIX } from '../../shared/api/http';
import type { MediaService } from '../core/files/media';

export const APP_SCHEME = 'app';

/** Must run before `app` is ready. */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer at app://cairn/, and dataset images at app://cairn/media/<hash>; other paths outside its folder are refused. */
export function serveRenderer(root: string, media: MediaService): void {
  protocol.handle(APP_SCHEME, async (req) => {
    const url = new URL(req.url);
    if (url.host === 'cairn' && url.pathname.startsWith(MEDIA_PREFIX)) {
      const size = url.searchParams.get('size');
      try {
        const file = await media.resolve(url.pathname.slice(MEDIA_PREFIX.length), size === null ? null : Number(size));
        return net.fetch(pathToFileURL(file.file).toString());
      } catch (err) {
        return new Response((err as Error).message, { status: 404 });
      }
    }
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(root, '.' + rel);
    if (url.host !== 'cairn' || (file !== root && !file.startsWith(root + path.sep))) {
      return new Response('Forbidden', { status: 403 });
    }
    return net.fetch(pathToFileURL(file).toString());
  });
}
