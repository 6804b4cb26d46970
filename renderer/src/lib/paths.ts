/** The picked folder plus the file name, with the folder's own separator (Windows paths use \\). */
export function joinPath(folder: string, file: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? folder + file : folder + sep + file;
}
