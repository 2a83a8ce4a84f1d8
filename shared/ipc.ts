// The channels between the renderer and the engine's front doors. Kept free of imports: the sandboxed preload
// bundles only this.

/** Renderer → engine: one API call (method, input, session), answered with a Result. */
export const IPC_CHANNEL = 'dangka:api';
/** Engine → renderer: every EngineEvent (shared/events.ts), forwarded by the main process. */
export const IPC_EVENT_CHANNEL = 'dangka:event';
/** Renderer → main process: the system's folder picker (选择其他档案库); answers a path or null. */
export const IPC_CHOOSE_FOLDER_CHANNEL = 'dangka:choose-folder';
/** `dangka serve`: the engine's events as server-sent events. */
export const EVENTS_PATH = '/api/events';
