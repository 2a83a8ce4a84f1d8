// 文字识别方式 of this computer: read and chosen (engine/ocr/service.ts keeps it as a workstation setting).
import { z } from 'zod';
import { method } from '../contract';
import { OCR_RECOGNIZERS, type OcrRecognizerStatus } from '../ocrRecognizer';

export const ocrSettingsMethods = {
  'ocr.recognizerGet': method<OcrRecognizerStatus>()(z.object({})),
  'ocr.recognizerSet': method<OcrRecognizerStatus>()(z.object({ recognizer: z.enum(OCR_RECOGNIZERS) })),
} as const;
