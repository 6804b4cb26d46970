import crypto from 'node:crypto';
import { NumberSpill } from './number-spill';

/** Values held per column before it spills to disk: a table of twice as many doubles, 16 MB at most. */
const IN_MEMORY_VALUES = 1 << 20;
const EMPTY = Number.NaN;
const PENDING_VALUES = 16_384;

/**
 * Exact distinct count of a column too varied for TableProfile's string sets: numbers as doubles
 * in an open-addressing table (8 bytes a slot, no objects), text as a 53-bit digest of its value
 * (two values share one with odds of about n²/2^54: 1 in 18,000 at a million distinct values).
 * Past IN_MEMORY_VALUES distinct values the column goes on in a NumberSpill, counted by sorting,
 * so memory stays bounded on any file while the usual file writes nothing.
 */
export class DistinctCounter {
  private slots = new Float64Array(1024).fill(EMPTY);
  private size = 0;
  private spill: NumberSpill | null = null;
  /**
   * Values wait here and go into the table a batch at a time: a row's columns each probe a
   * different table, missing the cache on each; a batch probes one table while it is warm.
   */
  private readonly pending = new Float64Array(PENDING_VALUES);
  private waiting = 0;

  constructor(private readonly scratchDir: string) {}

  addNumber(v: number): void {
    this.pending[this.waiting] = v;
    if (++this.waiting === PENDING_VALUES) this.drain();
  }

  private drain(): void {
    const n = this.waiting;
    this.waiting = 0;
    for (let i = 0; i < n; i++) this.insert(this.pending[i]);
  }

  private insert(v: number): void {
    // 0 and -0 are one value, as a Set of numbers has them.
    const x = v === 0 ? 0 : v;
    if (this.spill) return this.spill.add(x);
    const mask = this.slots.length - 1;
    for (let i = mix(x) & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === x) return;
      if (s !== s) {
        this.slots[i] = x;
        if (++this.size * 2 > this.slots.length) this.grow();
        return;
      }
    }
  }

  addText(s: string): void {
    const d = crypto.hash('md5', s, 'buffer');
    this.addNumber(d.readUIntBE(0, 6) * 32 + (d[6] & 31));
  }

  count(): number {
    this.drain();
    return this.spill ? this.spill.distinct() : this.size;
  }

  remove(): void {
    this.spill?.remove();
  }

  private grow(): void {
    const old = this.slots;
    if (this.size > IN_MEMORY_VALUES) {
      this.spill = new NumberSpill(this.scratchDir);
      for (const v of old) if (v === v) this.spill.add(v);
      this.slots = new Float64Array(0);
      return;
    }
    this.slots = new Float64Array(old.length * 2).fill(EMPTY);
    this.size = 0;
    for (const v of old) if (v === v) this.insert(v);
  }
}

const view = new DataView(new ArrayBuffer(8));

/** A slot for a double: its bits, folded and multiplied so nearby values spread. */
function mix(x: number): number {
  view.setFloat64(0, x);
  const h = (view.getUint32(0) ^ Math.imul(view.getUint32(4), 0x9e3779b1)) >>> 0;
  return Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
}
