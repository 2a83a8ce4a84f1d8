// Pages waiting for OCR, failed, or read with low confidence (ocr.status), for the header: polled every 2 s while
// pages are waiting, every 10 s otherwise. An import that starts or ends pokes it, so the header follows at once.
import { create } from 'zustand';
import type { OcrStatus } from '../../../shared/domain';
import { callApi } from '../api/client';
import { onLibraryReset } from './reset';

const BUSY_MS = 2000;
const IDLE_MS = 10000;

interface OcrStatusState {
  status: OcrStatus | null;
  refresh(): Promise<void>;
  /** Starts polling (once; the header calls it). */
  watch(): void;
  /** Reads the status now and polls from here (pages were just added or read). */
  poke(): void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let watching = false;
/** Bumped by every (re)start of the loop, so a tick of an older loop never schedules another. */
let loop = 0;

export const useOcrStatus = create<OcrStatusState>((set, get) => {
  const run = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const mine = ++loop;
    const tick = async () => {
      await get().refresh();
      if (mine !== loop || !watching) return;
      const busy = (get().status?.pending ?? 0) > 0;
      timer = setTimeout(() => void tick(), busy ? BUSY_MS : IDLE_MS);
    };
    void tick();
  };
  return {
    status: null,
    refresh: async () => {
      const result = await callApi('ocr.status', {}).catch(() => null);
      if (result?.ok) set({ status: result.value });
    },
    watch: () => {
      if (watching) return;
      watching = true;
      run();
    },
    poke: () => {
      if (watching) run();
      else void get().refresh();
    },
  };
});

onLibraryReset(() => {
  if (timer) clearTimeout(timer);
  timer = null;
  watching = false;
  useOcrStatus.setState({ status: null });
  useOcrStatus.getState().watch();
});
