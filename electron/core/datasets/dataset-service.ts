import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetInfo, DatasetVersionInfo } from '../../../shared/domain';
import type { BlobStore } from '../files/blob-store';
import type { Db } from '../store/database';
import { UserError } from '../errors';
import { parseCsvFile, parseJsonlFile } from './csv-parse';
import { DatasetRepo, type NewVersionItem } from './dataset-repo';
import { scanImageFolder } from './image-folder';
import { detectBoxFolder } from './boxes/detect';
import { importBoxFolder } from './boxes/import-boxes';

const LABEL_NAMES = ['label', 'target', 'class', 'y'];

export interface ImportRequest {
  path: string;
  name: string;
  labelColumn?: string;
}

export class DatasetService {
  readonly repo: DatasetRepo;

  constructor(
    readonly db: Db,
    readonly blobs: BlobStore,
  ) {
    this.repo = new DatasetRepo(db);
  }

  async import(req: ImportRequest): Promise<DatasetInfo> {
    const source = path.resolve(req.path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(source);
    } catch {
      throw new UserError(`${req.path}: no such file or folder`);
    }
    // COCO and YOLO folders carry boxes; their reading and checks live in boxes/.
    const boxFolder = stat.isDirectory() ? detectBoxFolder(source) : null;
    if (boxFolder) return this.repo.get((await importBoxFolder(this.db, this.blobs, this.repo, source, boxFolder, req.name)).datasetId);
    const version = stat.isDirectory() ? await this.importImages(source, req) : await this.importTable(source, req);
    return this.repo.get(version.datasetId);
  }

  /** The dataset version a name or id (with an optional @version) refers to. */
  resolve(ref: { id?: number; name?: string; version?: number }): DatasetVersionInfo {
    const ds = ref.id !== undefined ? this.repo.get(ref.id) : ref.name ? this.repo.findByName(ref.name) : null;
    if (!ds) throw new UserError(`No dataset named "${ref.name ?? ref.id}"; see \`cairn datasets list\``, 'not_found');
    return this.repo.version(ds.id, ref.version);
  }

  private async importTable(file: string, req: ImportRequest): Promise<DatasetVersionInfo> {
    const table = /\.(jsonl|ndjson)(\.gz)?$/i.test(file) ? await parseJsonlFile(file) : await parseCsvFile(file);
    const names = table.columns.map((c) => c.name);
    const labelColumn = req.labelColumn ?? names.find((n) => LABEL_NAMES.includes(n.toLowerCase())) ?? names[names.length - 1];
    const labelIndex = names.indexOf(labelColumn);
    if (labelIndex < 0) throw new UserError(`${file}: no column "${labelColumn}"; columns are ${names.join(', ')}`);
    if (names.length < 2) throw new UserError(`${file}: needs at least one feature column besides the label`);

    const items: NewVersionItem[] = table.rows.map((row) => {
      const features = row.filter((_, i) => i !== labelIndex);
      const data = JSON.stringify(features);
      const label = row[labelIndex];
      return { hash: sha256(data), data, fileHash: null, name: null, label: label === null ? null : String(label) };
    });
    const labelIsNumeric = table.columns[labelIndex].type === 'numeric';
    return this.repo.addVersion(req.name, {
      kind: 'tabular',
      columns: table.columns,
      labelColumn,
      classes: distinctSorted(items.map((i) => i.label), labelIsNumeric),
      source: file,
      items,
    });
  }

  private async importImages(dir: string, req: ImportRequest): Promise<DatasetVersionInfo> {
    const { entries } = await scanImageFolder(dir);
    return this.db.transaction(() => {
      const items: NewVersionItem[] = entries.map((e) => {
        const hash = this.blobs.putFile(e.file);
        return { hash, data: null, fileHash: hash, name: e.name, label: e.label };
      });
      return this.repo.addVersion(req.name, {
        kind: 'images',
        columns: [{ name: 'image', type: 'image', missing: 0, distinct: new Set(items.map((i) => i.hash)).size }],
        labelColumn: items.some((i) => i.label !== null) ? 'label' : null,
        classes: distinctSorted(items.map((i) => i.label), false),
        source: dir,
        items,
      });
    })();
  }
}

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

function distinctSorted(labels: (string | null)[], numeric: boolean): string[] {
  const set = [...new Set(labels.filter((l): l is string => l !== null))];
  return numeric ? set.sort((a, b) => Number(a) - Number(b)) : set.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
