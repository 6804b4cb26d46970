// MLflow lists artifacts one folder at a time: the direct children of a folder, with paths
// from the artifact root. Runs and logged models store files flat, by full name.

export interface ArtifactEntry {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/** What the names of the files below `dir` start with ('' for the root); case counts, as on MLflow's file store. */
export function folderPrefix(dir: string): string {
  return dir ? dir.replace(/\/$/, '') + '/' : '';
}

/** The direct children of `dir` among `files` (names relative to the root, all below `dir`). */
export function directChildren(files: { name: string; size: number }[], dir: string): ArtifactEntry[] {
  const base = folderPrefix(dir);
  const seen = new Map<string, ArtifactEntry>();
  for (const f of files) {
    const [head, ...tail] = f.name.slice(base.length).split('/');
    const childPath = `${base}${head}`;
    seen.set(childPath, tail.length ? { path: childPath, is_dir: true } : { path: childPath, is_dir: false, file_size: f.size });
  }
  return [...seen.values()];
}
