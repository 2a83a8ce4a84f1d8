// What the engine tells its front doors without being asked: committed changes (the change feed) and job progress.
// The app receives them as IPC events, `dangka serve` as server-sent events; the renderer subscribes instead of polling.
import type { JobState } from './domain';
import type { ApiError } from './errors';

export type EngineEvent =
  /** A committed write: which tables it touched and which units (with their ancestors) it concerned. */
  | { type: 'change'; tables: string[]; unitIds: number[] }
  /** A job's state after a change of phase, progress, or its end. */
  | { type: 'job'; job: JobState }
  /**
   * The engine host opened a library (at start, 重试, 选择其他档案库: error null) or has none open (it could not be
   * opened, or the app's engine process stopped: the error says why). The renderer starts over or shows the recovery screen.
   */
  | { type: 'library'; path: string; error: ApiError | null };

export type EngineEventListener = (event: EngineEvent) => void;
