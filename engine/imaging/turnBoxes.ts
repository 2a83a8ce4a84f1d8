// Word boxes follow the page when the clerk turns it: a box on the access image before the turn is placed where the
// same word is on the access image after it, so the marks (searched words, doubtful words) stay on their words
// while the turned page is read again.
import type { OcrWord } from '../../shared/domain';
import type { QuarterTurn } from './orientation';

type Box = OcrWord['bbox'];

export interface Size {
  width: number;
  height: number;
}

/** A box on a width × height image turned clockwise by `turn`, in the turned image's pixels. */
export function turnBox([x0, y0, x1, y1]: Box, turn: QuarterTurn, { width, height }: Size): Box {
  switch (turn) {
    case 0:
      return [x0, y0, x1, y1];
    case 90:
      return [height - y1, x0, height - y0, x1];
    case 180:
      return [width - x1, height - y1, width - x0, height - y0];
    case 270:
      return [y0, width - x1, y1, width - x0];
  }
}

/**
 * The words of a page turned clockwise by `turn`, from the image they were read on to the new access image. The new
 * image is cleaned again from the master (deskew and crop can differ by a few pixels), so the turned boxes are
 * scaled to its size.
 */
export function turnWords(words: readonly OcrWord[], turn: QuarterTurn, from: Size, to: Size): OcrWord[] {
  const turned = turn % 180 === 0 ? from : { width: from.height, height: from.width };
  const sx = to.width / turned.width;
  const sy = to.height / turned.height;
  return words.map((w) => {
    const [x0, y0, x1, y1] = turnBox(w.bbox, turn, from);
    return { ...w, bbox: [Math.round(x0 * sx), Math.round(y0 * sy), Math.round(x1 * sx), Math.round(y1 * sy)] };
  });
}
