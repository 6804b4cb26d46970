import type { DatasetVersionInfo } from '../../../../shared/domain';
import type { BlobStore } from '../../files/blob-store';
import { readSchema, saveSchema } from '../../labeling/schema-repo';
import type { Db } from '../../store/database';
import { BlobJournal } from '../blob-journal';
import type { DatasetRepo, NewVersionItem } from '../dataset-repo';
import { itemKey, namedImageHash } from '../item-key';
import { annotationOf, type BoxSet } from './box-set';
import { readCoco } from './coco';
import type { BoxFolder } from './detect';
import { readYolo } from './yolo';

/**
 * Imports a COCO or YOLO folder as an images version whose items carry their boxes, and makes
 * its classes (in category order) the dataset's 'boxes' label set, all in one transaction.
 */
export async function importBoxFolder(
  db: Db,
  blobs: BlobStore,
  repo: DatasetRepo,
  dir: string,
  found: BoxFolder,
  name: string,
  tmpDir: string,
): Promise<DatasetVersionInfo> {
  const set: BoxSet = found.format === 'coco' ? await readCoco(found.file) : await readYolo(dir);
  // A rolled-back transaction takes the rows back but not the files put() wrote.
  const journal = new BlobJournal(tmpDir);
  try {
    const version = write(db, blobs, repo, dir, set, name, journal);
    journal.commit();
    return version;
  } catch (err) {
    journal.abandon(blobs);
    throw err;
  }
}

function write(db: Db, blobs: BlobStore, repo: DatasetRepo, dir: string, set: BoxSet, name: string, journal: BlobJournal): DatasetVersionInfo {
  return db.transaction(() => {
    const datasetId = db.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(name) as number | undefined;
    const hashOf = itemHasher(db, datasetId);
    // Keys and colours already chosen for a class stay with it.
    const previous = datasetId === undefined ? [] : readSchema(db, datasetId).classes;
    const items: NewVersionItem[] = set.images.map((img) => {
      const fileHash = blobs.putFile(img.file);
      journal.add(fileHash);
      return { hash: hashOf(fileHash, img.name), data: null, fileHash, name: img.name, width: img.width, height: img.height, ...annotationOf(img.boxes) };
    });
    const version = repo.addVersion(name, {
      kind: 'images',
      columns: [{ name: 'image', type: 'image', missing: 0, distinct: new Set(items.map((i) => i.fileHash)).size }],
      labelColumn: 'label',
      classes: set.classes,
      source: dir,
      items,
    });
    saveSchema(
      db,
      version.datasetId,
      'boxes',
      set.classes.map((c) => previous.find((p) => p.name === c) ?? { name: c }),
    );
    return version;
  })();
}

/**
 * An item is its content under its name. Where the dataset (or this import) already holds the
 * content under the same name, or not at all, the plain content hash is kept, as folder imports
 * use it, so labels given to those images stay attached; the same bytes under another name
 * become an item of their own, so each exported image keeps its own name.
 */
function itemHasher(db: Db, datasetId: number | undefined): (fileHash: string, name: string) => string {
  const known = new Map<string, string>();
  const nameOf = db.prepare('SELECT name FROM items WHERE dataset_id = ? AND hash = ?').pluck();
  return (fileHash, name) => {
    if (!known.has(fileHash))
      known.set(fileHash, datasetId === undefined ? name : ((nameOf.get(datasetId, itemKey(fileHash)) as string | null | undefined) ?? name));
    return known.get(fileHash) === name ? fileHash : namedImageHash(fileHash, name);
  };
}
