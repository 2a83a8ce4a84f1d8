// Page clean-up (DA/T 31 图像处理: 旋转及纠偏、裁边、去污) → the access copy that OCR reads and the viewer shows. The
// original is never touched: this works on a decoded copy. Steps (figures from bench/ocr.ts and TOOLCHAIN.md):
//   1. decode with a pixel limit, EXIF orientation, transparency over white, one grey band; the clerk's rotation;
//   2. an analysis copy (long side 1200 px, ~100 dpi for A4): Otsu threshold, the dark scanner border (dark pixels
//      connected to the image edge), skew by projection profile along rows and along columns — the peakier says
//      whether the text runs across (0°/180°) or down (90°/270°) the scan;
//   3. which way up, by reading one short stretch of a text line both ways (orientation.ts);
//   4. one rotation of the full page (quarter turn and deskew together), the border cut 2 mm outside the paper;
//   5. paper to white and ink to black by a linear stretch that also wipes out the paper's grain;
//   6. the access copy and a thumbnail; the OCR copy, without the red of seals (seal.ts).
import sharp from 'sharp';
import { DangkaError } from '../../shared/errors';
import { MIN_BORDER_FRACTION, pageBox } from './border';
import { metadataDpi, openScan, unreadable, type RawPixels } from './decode';
import { estimateSkew, type Points } from './deskew';
import { fromGrey, rotatedSize, rotateGrey, scaleBox, toGrey, type Box } from './geometry';
import { uprightTurn, type QuarterTurn } from './orientation';
import { sealInk, wipeSeals, type SealInk } from './seal';
import { edgeConnectedDark, encodePgm, histogram, otsuThreshold, percentile, findSpecks, type Grey } from './raster';

export type { QuarterTurn } from './orientation';

/** DA/T 31: scans for use at no less than 200 dpi (300 dpi for OCR). */
export const MIN_DPI = 200;
/** DA/T 31 as applied (临海): skew of at most 3° is acceptable in a scan; more is corrected and reported. */
const REPORTED_SKEW = 3;
/** Long side of the analysis copy: ~100 dpi for an A4 scan — enough for lines and the border, a few ms per pass. */
const ANALYSIS_LONG_SIDE = 1200;
/**
 * Resolution of the access copy; finer scans are reduced (the original keeps every pixel). DA/T 31's general
 * minimum; on the bench pages (300-dpi scans) Tesseract read a 200-dpi copy as well as the 300-dpi one (CER 6.2%
 * vs 7.6%) and ~30% faster.
 */
const ACCESS_DPI = 200;
/** Without a dpi, a long side beyond this (A3 at 200 dpi, A4 at 280) is reduced to it. */
const ACCESS_MAX_LONG_SIDE = 3300;
/** Share of the paper's pixels left below white by the normalisation (the rest of its grain is wiped out). */
const PAPER_WHITE_FRACTION = 0.2;
/**
 * Specks per pixel (raster.ts findSpecks) above which the page's specks are wiped out. Chosen on the bench pages
 * (docs/decisions.md, issue 16a): clean and merely noisy pages score 0.00–0.06‰, the salt-and-pepper pages 0.09 and
 * 0.16‰. A 3×3 median took their CER from 5.0% and 8.5% to 2.7% and 4.4%; wiping the specks themselves does as
 * well (docs/decisions.md, "the clean-up's CPU"), at a fiftieth of the cost, and leaves every stroke as it was.
 */
const DESPECKLE_ABOVE = 0.00007;
const THUMBNAIL_WIDTH = 200;
/** A page of unknown resolution is taken for A4 when sizing a seal. */
const A4_SHORT_SIDE_MM = 210;
const ACCESS_JPEG_QUALITY = 85;

export interface CleanedPage {
  /**
   * The cleaned greyscale page as JPEG (quality 85); OCR word boxes are in its pixels. Not PNG: on an A4 page the
   * PNG was 2.7 MB and 65 ms to write, the JPEG 0.6 MB and 34 ms, and a PDF embeds a JPEG as it is (a PNG is
   * decoded and re-compressed) — a county's 100,000 pages are 60 GB instead of 270. Without libjpeg's optimised
   * Huffman tables: 11 ms instead of 50 for a file 8% larger.
   */
  access: Buffer;
  /**
   * The same image as a binary PGM, for OCR, without the red ink of its seals (seal.ts): tesseract.js decodes PNG
   * inside WebAssembly, ~0.4 s an A4 page, and a PGM not at all (measured by bench/ocr.ts).
   */
  ocrImage: Buffer;
  /** JPEG, 200 px wide. */
  thumbnail: Buffer;
  /** Of the access copy. */
  width: number;
  height: number;
  /** Of the access copy (the scan's, or 200 when a finer scan was reduced); null when the file does not say. */
  dpi: number | null;
  /** Clockwise quarter turn applied (after the clerk's rotation) to make the text upright. */
  rotationDetected: QuarterTurn;
  /** Speckle measured on the cleaned page (specks per pixel) and whether the specks were wiped out. */
  speckle: number;
  despeckled: boolean;
  /** Red seals left out of `ocrImage` (seal.ts); the access copy keeps them. */
  sealsWiped: number;
  /** Degrees the page lay turned clockwise on the glass, now straightened; null for a page with too little ink. */
  skewDegrees: number | null;
  borderCropped: boolean;
  /** For the clerk, in Chinese. */
  warnings: string[];
}

export interface CleanOptions {
  /**
   * The clerk's clockwise rotation of the original, applied first. When given, the clerk has decided which way up
   * the page is and no orientation is detected (rotationDetected is 0); the page is still deskewed and cropped.
   */
  rotation?: QuarterTurn;
  /** The scan's resolution when known from elsewhere (a PDF page rendered at 300 dpi); else the file's metadata. */
  dpi?: number | null;
  /** The image is undecoded pixels of this shape (rasterize.ts renders PDF pages so), not an image file. */
  raw?: RawPixels;
}

export async function cleanPage(image: Buffer, opts: CleanOptions = {}): Promise<CleanedPage> {
  const warnings: string[] = [];
  let full: Grey;
  let dpi: number | null;
  let seals: SealInk | null = null;
  try {
    const meta = await openScan(image, undefined, opts.raw).metadata();
    const scanDpi = opts.dpi ?? metadataDpi(meta);
    if (scanDpi !== null && scanDpi < MIN_DPI) warnings.push(`扫描分辨率为${scanDpi}dpi，低于${MIN_DPI}dpi（DA/T 31 要求），文字识别可能不准，建议用300dpi重新扫描`);
    // EXIF orientations 5–8 swap width and height.
    const swap = (meta.orientation ?? 1) >= 5;
    const width = (swap ? meta.height : meta.width) ?? 0;
    const height = (swap ? meta.width : meta.height) ?? 0;
    // Reduced while decoding, in one pass (a JPEG at twice the resolution or more shrinks on load).
    const reduce = scanDpi !== null ? Math.min(1, ACCESS_DPI / scanDpi) : Math.min(1, ACCESS_MAX_LONG_SIDE / Math.max(width, height));
    let pipe = openScan(image, undefined, opts.raw).autoOrient();
    // Transparency (a PNG from an editor) over white. Only then: flattening costs ~0.1 s on an A4 page.
    if (meta.hasAlpha) pipe = pipe.flatten({ background: '#ffffff' });
    dpi = scanDpi;
    if (reduce < 0.95) {
      // A triangle filter: ~0.1 s less than sharp's default Lanczos on an A4 page, the same for OCR.
      pipe = pipe.resize(Math.round(width * reduce), Math.round(height * reduce), { kernel: 'linear' });
      if (dpi !== null) dpi = Math.round(dpi * reduce);
    }
    if ((meta.channels ?? 1) >= 3 && meta.space !== 'b-w') {
      // A colour scan: decoded once as RGB, for the grey page and for the seals that the OCR copy leaves out.
      const { data, info } = await pipe.toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
      full = await toGrey(sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels as 3 } }));
      const pxPerMm = dpi !== null ? dpi / 25.4 : Math.min(info.width, info.height) / A4_SHORT_SIDE_MM;
      seals = sealInk(data, info.width, info.height, info.channels, pxPerMm);
    } else full = await toGrey(pipe);
  } catch (err) {
    throw unreadable(null, err);
  }
  if (full.width < 100 || full.height < 100) throw new DangkaError('FILE_UNREADABLE', `图像太小（${full.width}×${full.height}像素），不像是扫描的页面`);
  if (opts.rotation) full = await rotateGrey(full, opts.rotation, 255);

  const scale = Math.min(1, ANALYSIS_LONG_SIDE / Math.max(full.width, full.height));
  const small = scale < 1 ? await toGrey(fromGrey(full).resize(Math.round(full.width * scale), Math.round(full.height * scale))) : full;
  const threshold = otsuThreshold(histogram(small));
  const border = edgeConnectedDark(small, threshold);
  const hasBorder = fraction(border) > MIN_BORDER_FRACTION;
  const points = inkPoints(small, threshold, border);

  let rotation: QuarterTurn = 0;
  let skew: number | null = null;
  // A page of text has ink on a few percent of the analysis copy; under 0.05% is a blank or nearly blank side.
  if (points.length / 2 < small.data.length * 0.0005) warnings.push('页面几乎空白，未做纠偏和方向判断');
  else {
    const rows = estimateSkew(points, 'rows');
    const columns = estimateSkew(points, 'columns');
    const across = rows.peakiness >= columns.peakiness;
    skew = across ? rows.angle : columns.angle;
    if (opts.rotation === undefined) {
      let upright: QuarterTurn | null = null;
      try {
        upright = await uprightTurn(full, small, threshold, across ? 0 : 90, skew, dpi);
      } catch {
        // The OCR engine could not start or timed out: the page is still cleaned, and the clerk is told to look.
      }
      if (upright === null) warnings.push('未能判断页面方向（文字太少或不清楚），请查看是否需要旋转');
      rotation = upright ?? (across ? 0 : 90);
    }
    if (Math.abs(skew) > REPORTED_SKEW) warnings.push(`页面歪斜${Math.abs(skew).toFixed(1)}°（DA/T 31 要求扫描时放正，不超过${REPORTED_SKEW}°），已自动纠正`);
  }

  // One rotation of the full page: the quarter turn and the deskew together.
  const turn = rotation - (skew ?? 0);
  const turnedSize = rotatedSize(full.width, full.height, turn);
  let region: Box | null = null;
  if (hasBorder) {
    // The analysis copy turned the same way, the new corners dark like the border, so the crop finds one frame.
    const turnedSmall = await rotateGrey(small, turn, 0);
    const box = pageBox(turnedSmall, threshold, dpi === null ? null : dpi * scale);
    if (box) region = scaleBox(box, turnedSize.width / turnedSmall.width, turnedSize.width, turnedSize.height);
  }
  const cropped = region !== null;
  // No border cut: keep the scan's own size, centred (what lies outside is only the corners the deskew added).
  if (!region) {
    const w = Math.min(rotation % 180 === 0 ? full.width : full.height, turnedSize.width);
    const h = Math.min(rotation % 180 === 0 ? full.height : full.width, turnedSize.height);
    region = { left: Math.floor((turnedSize.width - w) / 2), top: Math.floor((turnedSize.height - h) / 2), width: w, height: h };
  }

  // Normalise: a linear stretch that takes the paper to white and the darkest ink to black. The white point is set
  // a little below the paper's typical tone, so that most of the paper's grain and JPEG noise becomes pure white
  // (bench/ocr.ts: CER 6.9% → 6.2%, PNG ~40% smaller). sharp's normalise() is not used: on a mostly white page
  // it stretched JPEG noise until Tesseract read nothing. No median filter: after this stretch it did not lower
  // the bench CER, and it cost ~0.3 s a page (TOOLCHAIN.md measured it helping on un-normalised pages).
  const paperHist = histogram(full);
  paperHist.fill(0, 0, threshold + 1);
  const white = Math.max(128, percentile(paperHist, PAPER_WHITE_FRACTION));
  const black = Math.min(percentile(histogram(small, border), 0.005), white - 128);
  const gain = 255 / (white - black);
  // Corners the turn adds: dark when a border frames the page (they lie in it), else white like the paper.
  const fill = cropped ? 0 : 255;
  let pipe = fromGrey(full);
  if (turn !== 0) pipe = pipe.rotate(turn, { background: { r: fill, g: fill, b: fill } });
  const cleaned = await toGrey(pipe.extract(region).linear(gain, -black * gain));
  // The OCR copy: the same page with its seals' red ink turned to paper (seal.ts), black ink under them kept.
  const forOcr = seals ? { ...cleaned, data: Uint8Array.from(cleaned.data) } : cleaned;
  // The seals were found on the scan before the clerk's quarter turn: one rotation takes them through both turns.
  if (seals) wipeSeals(forOcr, seals, (opts.rotation ?? 0) + turn, region);
  // Despeckle only a speckled page: its specks (the dots Tesseract reads as dots and strokes, and that break its line
  // finding) become paper. Not on other pages: a full stop or the dot of a small 主 in 7-pt type can be that small.
  const { fraction: speckle, pixels: specks } = findSpecks(cleaned);
  const despeckled = speckle > DESPECKLE_ABOVE;
  if (despeckled) {
    for (const i of specks) cleaned.data[i] = 255;
    if (forOcr !== cleaned) for (const i of specks) forOcr.data[i] = 255;
  }

  const accessImage = fromGrey(cleaned);
  if (dpi) accessImage.withDensity(dpi);
  const access = await accessImage.jpeg({ quality: ACCESS_JPEG_QUALITY, optimiseCoding: false }).toBuffer();
  const thumbnail = await fromGrey(cleaned).resize(THUMBNAIL_WIDTH).jpeg({ quality: 80 }).toBuffer();
  return {
    access,
    ocrImage: encodePgm(forOcr),
    thumbnail,
    width: cleaned.width,
    height: cleaned.height,
    dpi,
    rotationDetected: rotation,
    skewDegrees: skew,
    speckle,
    despeckled,
    sealsWiped: seals?.boxes.length ?? 0,
    borderCropped: cropped,
    warnings,
  };
}

function fraction(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n / mask.length;
}

function inkPoints(img: Grey, threshold: number, mask: Uint8Array): Points {
  let n = 0;
  for (let i = 0; i < img.data.length; i++) if (img.data[i]! <= threshold && !mask[i]) n++;
  const points = new Int32Array(2 * n);
  let k = 0;
  for (let y = 0, i = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++, i++) {
      if (img.data[i]! <= threshold && !mask[i]) {
        points[k++] = x;
        points[k++] = y;
      }
    }
  }
  return points;
}
