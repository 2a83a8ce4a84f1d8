// Two spellings of one name (seed 003: 姓名不一致): the same length, one character different, and that character
// pronounced alike — a homophone (王建国/王健国), or a near-homophone of the dialect confusions clerks make
// (zh/z, ch/c, sh/s, n/l, -n/-ng: 张/臧, 林/凌). Readings come from pinyin-pro's dictionary, every reading of a
// polyphonic character counted (曾 ceng/zeng), so no table is typed by hand here. A similar-looking character
// (形近字: 请/清, 王/玉, 己/已) is judged from the characters' decompositions into components, the cjk-decomp data
// shipped in the hanzi package (MIT), loaded on the first comparison that needs it.
import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';

const readingsCache = new Map<string, string[]>();

function readings(ch: string): string[] {
  let r = readingsCache.get(ch);
  if (!r) {
    r = pinyin(ch, { toneType: 'none', type: 'array', multiple: true }).filter((p) => /^[a-zü]+$/.test(p));
    readingsCache.set(ch, r);
  }
  return r;
}

/** A reading with the dialect confusions folded: zh→z, ch→c, sh→s, l→n, -ng→-n. */
function folded(p: string): string {
  return p.replace(/^([zcs])h/, '$1').replace(/^l/, 'n').replace(/ng$/, 'n');
}

let decompositions: Map<string, string[]> | null = null;

/** A character's first-level components (numbers are cjk-decomp's unnamed parts, compared as they are). */
function componentsOf(ch: string): string[] {
  if (!decompositions) {
    const text = createRequire(import.meta.url)('hanzi/lib/data/cjk-decomp.txt.js') as string;
    decompositions = new Map();
    for (const line of text.split('\n')) {
      const m = /^([^:]+):[^(]*\(([^)]*)\)/.exec(line);
      if (m) decompositions.set(m[1]!, m[2] ? m[2].split(',') : []);
    }
  }
  return decompositions.get(ch) ?? [];
}

/**
 * Two characters that look alike: the same components but one (请/清), or one is the other with one component
 * added (王/玉, 己/已).
 */
export function looksAlike(a: string, b: string): boolean {
  if (a === b) return false;
  const ca = componentsOf(a);
  const cb = componentsOf(b);
  if (ca.length >= 2 && ca.length === cb.length && ca.filter((c, i) => c !== cb[i]).length === 1) return true;
  const grown = (parts: string[], base: string) => parts.includes(base) && parts.length <= 2;
  return grown(ca, b) || grown(cb, a);
}

export type NameVariant = 'homophone' | 'near-homophone' | 'similar-shape' | 'one-character';

/**
 * How two different names of 2+ characters are one name spelt two ways, or null if they are not: they differ in
 * exactly one character (same length), and that character sounds the same, nearly the same, or
 * neither (similar-shape when the two characters look alike, else one-character) — which the clerk must look at.
 */
export function nameVariant(a: string, b: string): NameVariant | null {
  const x = [...a.trim()];
  const y = [...b.trim()];
  if (x.length !== y.length || x.length < 2 || a.trim() === b.trim()) return null;
  const differing = x.flatMap((ch, i) => (ch !== y[i] ? [i] : []));
  if (differing.length !== 1) return null;
  const i = differing[0]!;
  // The surname differing (王/汪) is a different family unless the sound agrees.
  const ra = readings(x[i]!);
  const rb = readings(y[i]!);
  if (ra.some((p) => rb.includes(p))) return 'homophone';
  if (ra.some((p) => rb.map(folded).includes(folded(p)))) return 'near-homophone';
  if (i === 0) return null;
  return looksAlike(x[i]!, y[i]!) ? 'similar-shape' : 'one-character';
}

export const NAME_VARIANT_LABEL: Record<NameVariant, string> = {
  homophone: '同音字',
  'near-homophone': '近音字',
  'similar-shape': '形近字',
  'one-character': '一字之差',
};
