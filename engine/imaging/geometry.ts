// Rotations of the analysis copy and the mapping of boxes between it and the full-resolution page. sharp rotates
// about the image centre and grows the canvas to the rotated bounding box; so does the maths here.
import sharp, { type Sharp } from 'sharp';
import type { Grey } from './raster';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Size of a width × height image after sharp's rotate(degrees). */
export function rotatedSize(width: number, height: number, degrees: number): { width: number; height: number } {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.abs(Math.cos(a));
  const sin = Math.abs(Math.sin(a));
  return { width: Math.round(width * cos + height * sin), height: Math.round(width * sin + height * cos) };
}

/** The image as one grey band. */
export async function toGrey(img: Sharp): Promise<Grey> {
  const { data, info } = await img.greyscale().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one grey band, got ${info.channels}`);
  return { data, width: info.width, height: info.height };
}

/**
 * sharp on a grey raster, writing one grey band: otherwise sharp writes single-band input as three-band sRGB (even
 * after greyscale()) — a PNG three times the size and work to write and to read.
 */
export function fromGrey(img: Grey): Sharp {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } }).toColourspace('b-w');
}

export async function rotateGrey(img: Grey, degrees: number, background: number): Promise<Grey> {
  if (degrees === 0) return img;
  return toGrey(fromGrey(img).rotate(degrees, { background: { r: background, g: background, b: background } }));
}

type Size = { width: number; height: number };
type Point = readonly [number, number];

/**
 * Where a point of `source` lands when sharp rotates it by `degrees` clockwise about its centre onto a canvas of
 * rotatedSize (`forward`), and where a point of that canvas came from (`back`).
 */
export function rotationOf(source: Size, degrees: number): { size: Size; forward(x: number, y: number): Point; back(x: number, y: number): Point } {
  const size = rotatedSize(source.width, source.height, degrees);
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  return {
    size,
    forward(x, y) {
      const dx = x - source.width / 2;
      const dy = y - source.height / 2;
      return [dx * cos - dy * sin + size.width / 2, dx * sin + dy * cos + size.height / 2];
    },
    back(x, y) {
      const dx = x - size.width / 2;
      const dy = y - size.height / 2;
      return [dx * cos + dy * sin + source.width / 2, -dx * sin + dy * cos + source.height / 2];
    },
  };
}

/**
 * The box of `source` (width × height) that, rotated by `degrees`, covers `box` of the rotated image: for cutting a
 * small region out of the unrotated full-resolution page instead of rotating all of it.
 */
export function sourceBoxOf(box: Box, source: Size, degrees: number): Box {
  return boundsOf(box, rotationOf(source, degrees).back, source);
}

/** The box of the image `source` rotated by `degrees` (sharp's rotate) that covers `box` of `source`. */
export function rotatedBoxOf(box: Box, source: Size, degrees: number): Box {
  const rotation = rotationOf(source, degrees);
  return boundsOf(box, rotation.forward, rotation.size);
}

/** The whole-pixel box, inside `within`, round the corners of `box` taken through `map`. */
function boundsOf(box: Box, map: (x: number, y: number) => Point, within: Size): Box {
  const corners = [
    map(box.left, box.top),
    map(box.left + box.width, box.top),
    map(box.left, box.top + box.height),
    map(box.left + box.width, box.top + box.height),
  ];
  const left = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[0]))));
  const top = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[1]))));
  const right = Math.min(within.width, Math.ceil(Math.max(...corners.map((c) => c[0]))));
  const bottom = Math.min(within.height, Math.ceil(Math.max(...corners.map((c) => c[1]))));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** A box scaled by `factor` and clamped inside width × height. */
export function scaleBox(box: Box, factor: number, width: number, height: number): Box {
  const left = Math.max(0, Math.min(width - 1, Math.round(box.left * factor)));
  const top = Math.max(0, Math.min(height - 1, Math.round(box.top * factor)));
  return {
    left,
    top,
    width: Math.max(1, Math.min(width - left, Math.round(box.width * factor))),
    height: Math.max(1, Math.min(height - top, Math.round(box.height * factor))),
  };
}

/** The image turned by 180°: the pixels in reverse order. */
export function turnedHalf(img: Grey): Grey {
  return { data: Uint8Array.from(img.data).reverse(), width: img.width, height: img.height };
}
