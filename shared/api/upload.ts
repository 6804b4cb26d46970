// Uploading a file to `cairn serve`, for a browser that cannot hand the core a path:
//   POST /upload?name=<file name>   Authorization: Bearer <token>   body: the file's bytes
//   -> 200 { path } (a file under the data folder's uploads/, to import by that path), or 4xx { error }
// An import of an uploaded file removes it afterwards, imported or rejected.

export const UPLOAD_PATH = '/upload';
/** Larger files are refused; a file this size is better imported by its path with the CLI. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
