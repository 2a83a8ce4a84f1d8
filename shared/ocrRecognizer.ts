// Which recognizer reads the scans on this computer (设置 → 文字识别): 高精度 (PP-OCRv4 through onnxruntime,
// Tesseract for traditional pages) or 快速 (Tesseract alone). docs/decisions.md, issue 16 item 5.
export const OCR_RECOGNIZERS = ['accurate', 'fast'] as const;
export type OcrRecognizer = (typeof OCR_RECOGNIZERS)[number];

export const OCR_RECOGNIZER_LABELS: Record<OcrRecognizer, string> = { accurate: '高精度', fast: '快速' };

export interface OcrRecognizerStatus {
  recognizer: OcrRecognizer;
  /** The 高精度 models are in memory now (they load with the first page they read, ~1.5 GB). */
  accurateLoaded: boolean;
}
