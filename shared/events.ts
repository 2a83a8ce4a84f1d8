// What the engine tells its front doors without being asked: committed changes (the change feed) and job progress.
// The app receives them as IPC events, `dangka serve` as server-sent events; the renderer subscribes instead of polling.
import type { JobState } from './domain';

export type EngineEvent =
  /** A committed write: which tables it touched and which units (with their ancestors) it concerned. */
  | { type: 'change'; tables: string[]; unitIds: number[] }
  /** A job's state after a change of phase, progress, or its end. */
  | { type: 'job'; job: JobState };

export type EngineEventListener = (event: EngineEvent) => void;
