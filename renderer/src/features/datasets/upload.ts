import { UPLOAD_PATH } from '../../../../shared/api/upload';
import { takeToken } from '../../api/token';

/**
 * Sends a file picked or dropped in a browser to `cairn serve`, which cannot read the browser's
 * disk; resolves to the path the core can import it by. XHR rather than fetch, for upload progress.
 */
export function uploadFile(file: File, onProgress: (sent: number, total: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${UPLOAD_PATH}?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Authorization', `Bearer ${takeToken() ?? ''}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new Error('The upload failed: the Cairn server could not be reached'));
    xhr.onload = () => {
      let body: { path?: string; error?: { message: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // A non-JSON answer is reported by its status below.
      }
      if (xhr.status === 200 && body.path) resolve(body.path);
      else reject(new Error(body.error?.message ?? `The upload failed (HTTP ${xhr.status})`));
    };
    xhr.send(file);
  });
}
