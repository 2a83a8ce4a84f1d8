import type { ocrSettingsMethods } from '../../../shared/methods/ocrSettings';
import type { HandlersOf } from './index';

export const ocrSettingsHandlers: HandlersOf<keyof typeof ocrSettingsMethods> = {
  'ocr.recognizerGet': ({ ocr }) => ({ recognizer: ocr.recognizer, accurateLoaded: ocr.accurateLoaded }),
  'ocr.recognizerSet': ({ ocr }, { recognizer }) => {
    ocr.setRecognizer(recognizer);
    return { recognizer: ocr.recognizer, accurateLoaded: ocr.accurateLoaded };
  },
};
