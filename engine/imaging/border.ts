// The paper's box on a scan where the scanner's dark lid shows round the page (DA/T 31 裁边: crop, keeping 2–3 mm
// beyond the paper's edge so the copy shows that nothing was cut off).
import type { Box } from './geometry';
import { edgeConnectedDark, type Grey } from './raster';

const BORDER_MARGIN_MM = 2;

/** Share of the analysis copy that must be dark and connected to its edge before we call it a scanner border. */
export const MIN_BORDER_FRACTION = 0.003;

/**
 * The box to keep on `img` (already turned upright and straight, the turn's corners filled dark), or null when
 * there is no border to cut. Rows and columns are cut from each edge inwards while at least half of them is
 * edge-connected dark. Text and rules inside the page never connect to the edge, so the cut stops at the paper;
 * and it never goes past a quarter of a side, so a page with a dark picture at its edge keeps it.
 */
export function pageBox(img: Grey, threshold: number, dpi: number | null): Box | null {
  const mask = edgeConnectedDark(img, threshold);
  const { width, height } = img;
  const rowBorder = (y: number) => {
    let n = 0;
    for (let x = 0, i = y * width; x < width; x++, i++) n += mask[i]!;
    return n / width;
  };
  const colBorder = (x: number) => {
    let n = 0;
    for (let y = 0, i = x; y < height; y++, i += width) n += mask[i]!;
    return n / height;
  };
  let top = 0;
  while (top < height / 4 && rowBorder(top) >= 0.5) top++;
  let bottom = height;
  while (bottom > (height * 3) / 4 && rowBorder(bottom - 1) >= 0.5) bottom--;
  let left = 0;
  while (left < width / 4 && colBorder(left) >= 0.5) left++;
  let right = width;
  while (right > (width * 3) / 4 && colBorder(right - 1) >= 0.5) right--;
  // A pixel or two is the anti-aliased edge of the turn, not a border.
  if (top + left + (height - bottom) + (width - right) < 4) return null;
  // Without a dpi, assume the long side is A4's 297 mm.
  const pxPerMm = dpi ? dpi / 25.4 : Math.max(width, height) / 297;
  const margin = Math.round(pxPerMm * BORDER_MARGIN_MM);
  top = Math.max(0, top - margin);
  left = Math.max(0, left - margin);
  bottom = Math.min(height, bottom + margin);
  right = Math.min(width, right + margin);
  return { left, top, width: right - left, height: bottom - top };
}
