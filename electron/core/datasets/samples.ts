import fs from 'node:fs';
import path from 'node:path';
import type { DatasetInfo } from '../../../shared/domain';
import type { DatasetService } from './dataset-service';

const SAMPLES: { name: string; file: string }[] = [
  { name: 'iris', file: 'iris.csv' },
  { name: 'wine', file: 'wine.csv' },
  { name: 'breast-cancer', file: 'breast_cancer.csv' },
  { name: 'digits', file: 'digits-images' },
];

export function availableSamples(dir: string): string[] {
  return SAMPLES.filter((s) => fs.existsSync(path.join(dir, s.file))).map((s) => s.name);
}

/** Imports the shipped samples; importing them again changes nothing (same content, same version). */
export async function importSamples(service: DatasetService, dir: string): Promise<DatasetInfo[]> {
  const out: DatasetInfo[] = [];
  for (const s of SAMPLES) {
    const file = path.join(dir, s.file);
    if (fs.existsSync(file)) out.push(await service.import({ path: file, name: s.name, labelColumn: s.file.endsWith('.csv') ? 'label' : undefined }));
  }
  return out;
}
