// A small seeded PRNG (mulberry32) with the few draws the sample county needs: the same seed gives the same
// county on every machine and every run, which the tests and the benchmark rely on.

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  /** One character of a string. */
  char(chars: string): string {
    return chars[Math.floor(this.next() * chars.length)]!;
  }

  /** A value by weight: entries are [value, weight]; weights need not sum to 1. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** Digits of a fixed width, e.g. digits(4) → '0371'. */
  digits(width: number): string {
    let s = '';
    for (let i = 0; i < width; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }
}
