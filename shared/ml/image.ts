// How images become model input; saved with the run like the tabular spec.

export interface ImageSpec {
  kind: 'image';
  width: number;
  height: number;
  channels: 1 | 3;
  /** Multiplier from 8-bit pixel values to model input (1/255 → [0, 1]). */
  scale: number;
}

export function imageSpec(size: number, channels: 1 | 3): ImageSpec {
  return { kind: 'image', width: size, height: size, channels, scale: 1 / 255 };
}
