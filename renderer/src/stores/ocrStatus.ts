// Pages waiting for OCR, failed, or read with low confidence (ocr.status), for the header: polled every 2 s while
// pages are waiting, every 15 s otherwise.
import { create } from 'zustand';
import type { OcrStatus } from '../../../shared/domain';
import { callApi } from '../api/client';
import { onLibraryReset } from './reset';

const BUSY_MS = 2000;
const IDLE_MS = 15000;

interface OcrStatusState {
  status: OcrStatus | null;
  refresh(): Promise<void>;
  /** Starts polling (once; the header calls it). */
  watch(): void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let watching = false;

export const useOcrStatus = create<OcrStatusState>((set, get) => ({
  status: null,
  refresh: async () => {
    const result = await callApi('ocr.status', {}).catch(() => null);
    if (result?.ok) set({ status: result.value });
  },
  watch: () => {
    if (watching) return;
    watching = true;
    const tick = async () => {
      await get().refresh();
      const busy = (get().status?.pending ?? 0) > 0;
      timer = setTimeout(() => void tick(), busy ? BUSY_MS : IDLE_MS);
    };
    void tick();
  },
}));

onLibraryReset(() => {
  if (timer) clearTimeout(timer);
  watching = false;
  useOcrStatus.setState({ status: null });
  useOcrStatus.getState().watch();
});
