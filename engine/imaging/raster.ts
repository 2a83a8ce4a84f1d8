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

/** A speck: a dot of up to 2×2 pixels on the 200-dpi access copy. */
const SPECK_PIXELS = 4;

/**
 * Specks: 8-connected groups of at most SPECK_PIXELS dark pixels (under mid-grey) — salt-and-pepper and dust.
 * Characters and their serifs are larger connected groups and are not specks, so a clean page has ~none however
 * much text it has. `fraction`: specks per pixel of the page; `pixels`: where the specks' pixels are.
 */
export function findSpecks(img: Grey): { fraction: number; pixels: Int32Array } {
  const { data, width, height } = img;
  const seen = new Uint8Array(width * height);
  let stack = new Int32Array(1024);
  let found = new Int32Array(256);
  let nFound = 0;
  let specks = 0;
  const first = new Int32Array(SPECK_PIXELS);
  for (let start = 0; start < data.length; start++) {
    if (seen[start] || data[start]! >= 128) continue;
    let size = 0;
    let top = 0;
    seen[start] = 1;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top]!;
      if (size < SPECK_PIXELS) first[size] = i;
      size++;
      const y = (i / width) | 0;
      const x = i - y * width;
      const y0 = y > 0 ? y - 1 : 0;
      const y1 = y < height - 1 ? y + 1 : y;
      const x0 = x > 0 ? x - 1 : 0;
      const x1 = x < width - 1 ? x + 1 : x;
      for (let yy = y0; yy <= y1; yy++) {
        for (let j = yy * width + x0, end = yy * width + x1; j <= end; j++) {
          if (seen[j] || data[j]! >= 128) continue;
          seen[j] = 1;
          if (top === stack.length) {
            const grown = new Int32Array(stack.length * 2);
            grown.set(stack);
            stack = grown;
          }
          stack[top++] = j;
        }
      }
    }
    if (size > SPECK_PIXELS) continue;
    specks++;
    if (nFound + size > found.length) {
      const grown = new Int32Array(found.length * 2);
      grown.set(found);
      found = grown;
    }
    found.set(first.subarray(0, size), nFound);
    nFound += size;
  }
  return { fraction: specks / (width * height), pixels: found.slice(0, nFound) };
}

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
