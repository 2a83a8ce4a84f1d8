// What the main process and the engine process (electron/host.ts) say to each other over their MessagePort.
// Types only, and nothing from the engine: the main process must never load engine code.
import type { Result } from '../shared/errors';
import type { EngineEvent } from '../shared/events';

export type ToHost =
  /** One API call from the renderer, forwarded as it came (the engine validates everything). */
  | { type: 'call'; id: number; method: unknown; input: unknown; session: string | undefined }
  /** The window closed: back up the day's work, close the library and exit. */
  | { type: 'shutdown' };

export type FromHost =
  | { type: 'result'; id: number; result: Result<unknown> }
  /** Every engine event, for the renderer. */
  | { type: 'event'; event: EngineEvent };

/** The host's side of the MessagePort (Electron's MessagePortMain): messages arrive as events carrying `data`. */
export interface HostPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: FromHost): void;
  start(): void;
}

/** The engine process's arguments: the library chosen on the command line, and the app's settings file. */
export const HOST_ARGS = { library: '--library', settings: '--settings' } as const;

/** The value after a flag (`--library DIR` or `--library=DIR`). */
export function argValue(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at >= 0) return argv[at + 1];
  return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}
