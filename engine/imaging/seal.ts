// Red seals (公章) for the OCR copy only. A seal pressed over the 落款 is read as text ("村民委员会 专用章 ★") and
// breaks the signature line under it: on the bench's notices it cost 2–3 points of CER per page. The access copy
// keeps it — that a document is sealed is what an inspector looks for. Not all red ink goes: a 红头文件's red
// title and rule are text the description reads (engine/describe/read.ts), so only red inside a seal's outline is
// wiped — a red shape the size of a seal (20–70 mm across, not much longer one way than the other: round seals and
// the oval 财务章), which a title's characters (≤ ~15 mm) and its rule (long and thin) are not.
import { rotatedBoxOf, rotationOf, type Box } from './geometry';
import type { Grey } from './raster';

/** Plainly red: the red channel this far above the other two (seal ink on a scan: R ~200–230, G and B ~30–80). */
const RED_MARGIN = 50;
/** Within a seal's outline, its strokes' paler fringes (JPEG's halved colour resolution) go as well. */
const FRINGE_MARGIN = 25;
/** Darker than this in the red channel is ink of another colour, or black ink under the seal: it stays. */
const MIN_RED = 120;
const SEAL_MIN_MM = 20;
const SEAL_MAX_MM = 70;
const SEAL_MAX_ASPECT = 1.7;
/** Fewer red pixels than a seal's ring at 150 dpi (~2,700): no seal, and no component search. */
const MIN_RED_PIXELS = 1500;
/**
 * A page more red than this is printed in red or a photograph, not a page with a seal: left as it is. Also bounds the
 * work on a hostile or odd scan (a seal 70 mm across is ~6% of A4 even if solid).
 */
const MAX_RED_SHARE = 0.1;
/** Every SAMPLE_STEP-th pixel of every SAMPLE_STEP-th row is looked at first: most pages have no red at all. */
const SAMPLE_STEP = 4;
/** Under this, a cleaned pixel next to (not on) seal ink is black ink crossing the seal, and stays. */
const INK_UNDER_SEAL = 64;

/** The seals found on a scan: their ink (255) on a mask the size of the scan, and each seal's box. */
export interface SealInk {
  mask: Grey;
  boxes: Box[];
}

const isRed = (rgb: Uint8Array, p: number, margin: number) => {
  const r = rgb[p]!;
  return r >= MIN_RED && r - Math.max(rgb[p + 1]!, rgb[p + 2]!) >= margin;
};

/**
 * The seals on an RGB raster (channels interleaved, 3 or 4 per pixel); null when it has none. `pxPerMm` sizes a
 * seal.
 */
export function sealInk(rgb: Uint8Array, width: number, height: number, channels: number, pxPerMm: number): SealInk | null {
  let sampled = 0;
  for (let y = 0; y < height; y += SAMPLE_STEP) {
    for (let x = 0, p = y * width * channels; x < width; x += SAMPLE_STEP, p += SAMPLE_STEP * channels) if (isRed(rgb, p, RED_MARGIN)) sampled++;
  }
  if (sampled * SAMPLE_STEP * SAMPLE_STEP < MIN_RED_PIXELS) return null;
  const red = new Uint8Array(width * height);
  let count = 0;
  for (let i = 0, p = 0; i < red.length; i++, p += channels) {
    if (isRed(rgb, p, RED_MARGIN)) {
      red[i] = 1;
      count++;
    }
  }
  if (count > MAX_RED_SHARE * red.length) return null;

  const min = SEAL_MIN_MM * pxPerMm;
  const max = SEAL_MAX_MM * pxPerMm;
  const mask = new Uint8Array(width * height);
  // Each red pixel is pushed once at most (marked when pushed).
  const stack = new Int32Array(count);
  const boxes: Box[] = [];
  for (let start = 0; start < red.length; start++) {
    if (red[start] !== 1) continue;
    // One 8-connected component of red; 2 marks it visited.
    let x0 = width, y0 = height, x1 = 0, y1 = 0;
    red[start] = 2;
    stack[0] = start;
    let size = 1;
    while (size > 0) {
      const i = stack[--size]!;
      const x = i % width;
      const y = (i - x) / width;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (red[j] === 1) {
            red[j] = 2;
            stack[size++] = j;
          }
        }
      }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    if (w < min || h < min || w > max || h > max || Math.max(w, h) / Math.min(w, h) > SEAL_MAX_ASPECT) continue;
    boxes.push({ left: x0, top: y0, width: w, height: h });
    for (let y = y0; y <= y1; y++) {
      for (let x = x0, i = y * width + x0; x <= x1; x++, i++) if (isRed(rgb, i * channels, FRINGE_MARGIN)) mask[i] = 255;
    }
  }
  return boxes.length > 0 ? { mask: { data: mask, width, height }, boxes } : null;
}

/**
 * Seal ink wiped out of `page` (in place), a page made from the scan the seals were found on by turning it
 * `degrees` clockwise about its centre (sharp's rotate) and cutting out `region` of the result: each of the page's
 * pixels within a seal is looked up on the scan. Seal ink goes; its fringe, the rotation's blend of ink and paper,
 * goes unless it is dark (black ink crossing the seal). Only the seals' boxes are visited, not the whole page.
 */
export function wipeSeals(page: Grey, seals: SealInk, degrees: number, region: Box): void {
  const { mask } = seals;
  const rotation = rotationOf(mask, degrees);
  const inMask = (x: number, y: number) => x >= 0 && y >= 0 && x < mask.width && y < mask.height && mask.data[y * mask.width + x]! > 0;
  for (const box of seals.boxes) {
    // The seal's box on the page (a pixel wider all round), then each page pixel in it back on the scan.
    const onPage = rotatedBoxOf(box, mask, degrees);
    const x0 = Math.max(0, onPage.left - region.left - 1);
    const y0 = Math.max(0, onPage.top - region.top - 1);
    const x1 = Math.min(page.width - 1, onPage.left + onPage.width - region.left + 1);
    const y1 = Math.min(page.height - 1, onPage.top + onPage.height - region.top + 1);
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const [bx, by] = rotation.back(x + region.left + 0.5, y + region.top + 0.5);
        const sx = Math.floor(bx);
        const sy = Math.floor(by);
        const i = y * page.width + x;
        if (inMask(sx, sy)) page.data[i] = 255;
        else if (page.data[i]! >= INK_UNDER_SEAL && (inMask(sx - 1, sy) || inMask(sx + 1, sy) || inMask(sx, sy - 1) || inMask(sx, sy + 1))) page.data[i] = 255;
      }
    }
  }
}
