// 0° or 180° (90° or 270° when the text lines run down the scan). Whether the lines run across or down comes from
// the deskew (the projection along rows or along columns is the peakier); which way up is read, literally: a
// dozen characters of one of the inkiest clean lines, cut from the full-resolution page, are OCR'd as one line
// both ways up and the clearly more confident reading wins. Measured on the 12 bench pages (bench/ocr.ts): right on
// every page, including one turned 90° and one upside down, at 30–140 ms per page. Projection features alone
// (where small marks sit in the line: punctuation at the bottom, the dots of 宀 亠 讠 at the top) disagreed on 2 of
// 10 upright pages.
import { lineConfidence } from '../ocr/lineReader';
import { fromGrey, rotatedSize, rotateGrey, scaleBox, sourceBoxOf, toGrey, turnedHalf } from './geometry';
import { lineSegment, textLines, withRulesMasked } from './lines';
import { edgeConnectedDark, type Grey } from './raster';

export type QuarterTurn = 0 | 90 | 180 | 270;

/** A reading this confident is the right way up (no wrong-way reading passed 44, even at full size). */
const CONVINCING = 70;
/** Below that, one way must beat the other by this much. */
const MARGIN = 15;
/**
 * Characters per probe, and their height in pixels. Measured on 20 pages: 10 characters scaled to 30 px read the
 * right way up at 77–93 and the wrong way at 5–30 (12 at full size: 64–92 and 3–44), for ~60 ms a reading.
 */
const PROBE_CHARS = 10;
/** Lines tried before giving up. */
const PROBE_LINES = 3;
const PROBE_TEXT_HEIGHT = 30;

/**
 * The clockwise quarter turn that makes the page upright, or null when no probed line gives a clear answer.
 * `base` is 0 when the lines run across the scan, 90 when they run down it; `skew` the page's skew in degrees.
 */
export async function uprightTurn(full: Grey, small: Grey, threshold: number, base: 0 | 90, skew: number, dpi: number | null): Promise<QuarterTurn | null> {
  const turn = base - skew;
  const turned = await rotateGrey(small, turn, 255);
  const mask = withRulesMasked(turned, threshold, edgeConnectedDark(turned, threshold));
  const fullTurned = rotatedSize(full.width, full.height, turn);
  for (const band of textLines(turned, threshold, mask).slice(0, PROBE_LINES)) {
    // The stretch on the turned full page, cut out of the unturned page and turned alone: cheaper than turning all.
    const target = scaleBox(lineSegment(turned, threshold, mask, band, PROBE_CHARS), fullTurned.width / turned.width, fullTurned.width, fullTurned.height);
    const piece = await rotateGrey(await toGrey(fromGrey(full).extract(sourceBoxOf(target, full, turn))), turn, 255);
    const left = Math.max(0, Math.round((piece.width - target.width) / 2));
    const top = Math.max(0, Math.round((piece.height - target.height) / 2));
    let line = await toGrey(fromGrey(piece).extract({ left, top, width: Math.min(target.width, piece.width - left), height: Math.min(target.height, piece.height - top) }));
    const textHeight = band.height * (fullTurned.width / turned.width);
    // Smaller is quicker to read, and read no worse (above).
    const shrink = Math.min(1, PROBE_TEXT_HEIGHT / textHeight);
    if (shrink < 0.9) line = await toGrey(fromGrey(line).resize(Math.max(1, Math.round(line.width * shrink))));
    const verdict = await readBothWays(line, dpi === null ? null : Math.round(dpi * shrink));
    if (verdict === 'upright') return base;
    if (verdict === 'inverted') return base === 0 ? 180 : 270;
  }
  return null;
}

/** The line read upright, and only if that is not already convincing, upside down. */
async function readBothWays(line: Grey, dpi: number | null): Promise<'upright' | 'inverted' | null> {
  const upright = await lineConfidence(await png(line, dpi));
  if (upright >= CONVINCING) return 'upright';
  const inverted = await lineConfidence(await png(turnedHalf(line), dpi));
  if (inverted >= CONVINCING) return 'inverted';
  if (Math.abs(upright - inverted) >= MARGIN) return upright > inverted ? 'upright' : 'inverted';
  return null;
}

/** PNG with its resolution, so Tesseract sizes the characters right (a raw strip carries no dpi). */
function png(img: Grey, dpi: number | null): Promise<Buffer> {
  const image = fromGrey(img);
  if (dpi) image.withDensity(dpi);
  return image.png({ compressionLevel: 1 }).toBuffer();
}
