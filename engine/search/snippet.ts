// The snippet of a hit: a window of the page text around the matches, as segments the UI renders as plain text
// (never HTML), so OCR text can inject nothing. Made here for the few hits shown: the index holds grams, not the
// text, so FTS5's snippet() would show grams. Matching runs on the normalised text (where the index matched);
// what is shown is the raw text behind it (its own punctuation), with runs of whitespace shown as one space.
// Search results are a list, and lists show ID numbers masked (docs/decisions.md): a page can carry one read off
// the scan (a 申请书 holds the applicant's), so the snippet masks it before it leaves the engine.
import type { SnippetSegment } from '../../shared/domain';
import { maskIdNumbersIn } from '../../shared/idNumber';
import { normalize } from './text';

/** Characters shown around the matches: about two lines of the result list. */
export const SNIPPET_CHARS = 80;
const ELLIPSIS = '…';

interface Match {
  /** Character (code point) offsets in the normalised text, end exclusive. */
  start: number;
  end: number;
  term: number;
}

/**
 * Marks every occurrence of the terms (normalised query terms: see queryTerms) and shows the window of `width`
 * characters that holds the most different terms, then the most matches.
 */
export function makeSnippet(raw: string, terms: readonly string[], width = SNIPPET_CHARS): SnippetSegment[] {
  const { chars, origin } = normalize(raw);
  const matches = findMatches(chars, terms);

  const lead = Math.floor(width / 4);
  let best = { start: 0, terms: 0, count: 0 };
  for (const m of matches) {
    const start = Math.max(0, m.start - lead);
    const inside = matches.filter((o) => o.start >= start && o.end <= start + width);
    const distinct = new Set(inside.map((o) => o.term)).size;
    if (distinct > best.terms || (distinct === best.terms && inside.length > best.count)) {
      best = { start, terms: distinct, count: inside.length };
    }
  }
  const start = best.start;
  const end = Math.min(chars.length, start + width);

  const segments: SnippetSegment[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
  };
  // Shows the raw characters behind normalised characters [from, to): the raw punctuation (，not ,), without the
  // spaces normalisation dropped, an expansion (e.g. ㈱ → (株)) shown once as written.
  const show = (from: number, to: number, match: boolean) => {
    let text = '';
    for (let i = from; i < to; i++) {
      if (i > 0 && origin[i] === origin[i - 1]) continue;
      text += String.fromCodePoint(raw.codePointAt(origin[i]!)!);
    }
    push(text.replace(/\s+/gu, ' '), match);
  };
  if (start > 0) push(ELLIPSIS, false);
  let at = start;
  for (const m of matches) {
    if (m.end <= at || m.start >= end) continue;
    show(at, Math.max(at, m.start), false);
    const to = Math.min(m.end, end);
    show(Math.max(at, m.start), to, true);
    at = to;
  }
  show(at, end, false);
  if (end < chars.length) push(ELLIPSIS, false);
  const first = segments[0];
  if (first && !first.match) first.text = first.text.trimStart();
  const last = segments.at(-1);
  if (last && !last.match) last.text = last.text.trimEnd();
  return maskIdRuns(segments.filter((s) => s.text));
}

/** Masks ID numbers across segment boundaries, keeping which characters were the match. */
function maskIdRuns(segments: SnippetSegment[]): SnippetSegment[] {
  const whole = segments.map((s) => s.text).join('');
  const masked = maskIdNumbersIn(whole);
  if (masked === whole) return segments;
  // Masking replaces character for character: cut the masked text where the segments were cut.
  let at = 0;
  return segments.map((s) => {
    const text = masked.slice(at, at + s.text.length);
    at += s.text.length;
    return { ...s, text };
  });
}

/** Every occurrence of every term, by start. */
function findMatches(chars: readonly string[], terms: readonly string[]): Match[] {
  const matches: Match[] = [];
  terms.forEach((term, t) => {
    const needle = Array.from(term);
    const first = needle[0]!;
    for (let i = 0; i + needle.length <= chars.length; i++) {
      if (chars[i] !== first) continue;
      let k = 1;
      while (k < needle.length && chars[i + k] === needle[k]) k++;
      if (k === needle.length) matches.push({ start: i, end: i + needle.length, term: t });
    }
  });
  return matches.sort((a, b) => a.start - b.start || b.end - a.end);
}
