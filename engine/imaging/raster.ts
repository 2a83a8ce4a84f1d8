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
 * Speckle: the share of the page's pixels that are dark (under mid-grey) with at most two dark neighbours out of
 * eight — salt-and-pepper and dust specks of a pixel or two. A stroke of text at 150–300 dpi is 2 px wide or more,
 * so its pixels have three dark neighbours or more and do not count; a clean page scores ~0.
 */
export function speckleFraction(img: Grey): number {
  const { data, width, height } = img;
  let specks = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      if (data[i]! >= 128) continue;
      let dark = 0;
      for (const j of [i - width - 1, i - width, i - width + 1, i - 1, i + 1, i + width - 1, i + width, i + width + 1]) if (data[j]! < 128) dark++;
      if (dark <= 2) specks++;
    }
  }
  return specks / Math.max(1, (width - 2) * (height - 2));
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
