// Plain greyscale rasters and the few pixel statistics the clean-up needs (histogram, Otsu threshold, the dark
// region connected to the image edge). Pure TypeScript on small analysis copies (~1 Mpx): each pass is a few ms.

/** One 8-bit grey band, row by row. */
export interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

export function histogram(img: Grey, mask?: Uint8Array): Uint32Array {
  const hist = new Uint32Array(256);
  const { data } = img;
  for (let i = 0; i < data.length; i++) if (!mask || !mask[i]) hist[data[i]!]!++;
  return hist;
}

/** Otsu's threshold: the grey level that best separates ink from paper (values ≤ threshold are ink). */
export function otsuThreshold(hist: Uint32Array): number {
  let total = 0;
  let sum = 0;
  for (let v = 0; v < 256; v++) {
    total += hist[v]!;
    sum += v * hist[v]!;
  }
  let weightLow = 0;
  let sumLow = 0;
  let best = 0;
  let threshold = 127;
  for (let v = 0; v < 256; v++) {
    weightLow += hist[v]!;
    if (weightLow === 0) continue;
    const weightHigh = total - weightLow;
    if (weightHigh === 0) break;
    sumLow += v * hist[v]!;
    const meanLow = sumLow / weightLow;
    const meanHigh = (sum - sumLow) / weightHigh;
    const between = weightLow * weightHigh * (meanLow - meanHigh) ** 2;
    if (between > best) {
      best = between;
      threshold = v;
    }
  }
  return threshold;
}

/** The grey level below which `fraction` of the (unmasked) pixels lie. */
export function percentile(hist: Uint32Array, fraction: number): number {
  let total = 0;
  for (let v = 0; v < 256; v++) total += hist[v]!;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v]!;
    if (seen >= fraction * total) return v;
  }
  return 255;
}

/**
 * Pixels darker than `threshold` that are connected (4-neighbours) to the image edge: a scanner's black lid
 * showing round the page. Text and rules inside the page never touch the edge, so they stay out of it.
 */
export function edgeConnectedDark(img: Grey, threshold: number): Uint8Array {
  const { data, width, height } = img;
  const mask = new Uint8Array(width * height);
  const stack: number[] = [];
  const seed = (i: number) => {
    if (!mask[i] && data[i]! <= threshold) {
      mask[i] = 1;
      stack.push(i);
    }
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % width;
    if (x > 0) seed(i - 1);
    if (x < width - 1) seed(i + 1);
    if (i >= width) seed(i - width);
    if (i < (height - 1) * width) seed(i + width);
  }
  return mask;
}

/**
 * Speckle: specks (8-connected groups of at most SPECK_PIXELS dark pixels, under mid-grey) per thousand pixels of
 * the page — salt-and-pepper and dust. Characters and their serifs are larger connected groups and do not count,
 * so a clean page scores ~0 however much text it has.
 */
export function speckleFraction(img: Grey): number {
  const { data, width, height } = img;
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  let specks = 0;
  for (let start = 0; start < data.length; start++) {
    if (seen[start] || data[start]! >= 128) continue;
    let size = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      size++;
      const x = i % width;
      for (let dy = -1; dy <= 1; dy++) {
        const y = Math.floor(i / width) + dy;
        if (y < 0 || y >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          if (x + dx < 0 || x + dx >= width) continue;
          const j = y * width + x + dx;
          if (!seen[j] && data[j]! < 128) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    if (size <= SPECK_PIXELS) specks++;
  }
  return specks / (width * height);
}

/** A speck: a dot of up to 2×2 pixels on the 200-dpi access copy (a 3×3 median removes these). */
const SPECK_PIXELS = 4;

/** Binary PGM (P5): the plainest image file there is, which Tesseract reads without decoding anything. */
export function encodePgm(img: Grey): Buffer {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'ascii');
  return Buffer.concat([header, img.data]);
}

/** The raster of a binary PGM written by encodePgm; null for any other image. */
export function decodePgm(image: Buffer): Grey | null {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(image.subarray(0, 40).toString('latin1'));
  if (!header) return null;
  const width = Number(header[1]);
  const height = Number(header[2]);
  const data = image.subarray(header[0].length);
  return data.length === width * height ? { data, width, height } : null;
}
