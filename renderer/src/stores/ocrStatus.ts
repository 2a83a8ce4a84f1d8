// Pages waiting for OCR, failed, or read with low confidence (ocr.status), for the header: read again when the
// engine says something moved — an OCR or import job's progress, or pages changed — never on a timer.
import { create } from 'zustand';
import type { OcrStatus } from '../../../shared/domain';
import { callApi, subscribe, type ClientEvent } from '../api/client';
import { onLibraryReset } from './reset';

/** Jobs whose progress changes the count: reading pages, and importing new ones. */
const OCR_JOBS = new Set(['ocr', 'ingest']);
const OCR_TABLES = new Set(['page', 'document']);

interface OcrStatusState {
  status: OcrStatus | null;
  refresh(): Promise<void>;
  /** Follows the engine's events (once; the header calls it). */
  watch(): void;
  /** Reads the status now (pages were just added or read). */
  poke(): void;
}

let stopWatching: (() => void) | null = null;

function concernsOcr(event: ClientEvent): boolean {
  if (event.type === 'reopened') return true;
  if (event.type === 'job') return OCR_JOBS.has(event.job.kind);
  return event.type === 'change' && event.tables.some((t) => OCR_TABLES.has(t));
}

export const useOcrStatus = create<OcrStatusState>((set, get) => ({
  status: null,
  refresh: async () => {
    const result = await callApi('ocr.status', {}).catch(() => null);
    if (result?.ok) set({ status: result.value });
  },
  watch: () => {
    if (stopWatching) return;
    stopWatching = subscribe((event) => {
      if (concernsOcr(event)) void get().refresh();
    });
    void get().refresh();
  },
  poke: () => void get().refresh(),
}));

onLibraryReset(() => {
  stopWatching?.();
  stopWatching = null;
  useOcrStatus.setState({ status: null });
  useOcrStatus.getState().watch();
});
