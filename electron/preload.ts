// The preload exposes exactly three functions on `window.dangka`, over the channels of shared/ipc.ts: `invoke(method,
// input, session)` (an API call), `onEvent(listener)` (the engine's events; returns the function that stops them) and
// `chooseFolder()` (the system's folder picker). It never exposes ipcRenderer itself; the engine checks the method
// name and validates the input.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNEL, IPC_CHOOSE_FOLDER_CHANNEL, IPC_EVENT_CHANNEL } from '../shared/ipc';

contextBridge.exposeInMainWorld('dangka', {
  invoke: (method: string, input: unknown, session?: string) => ipcRenderer.invoke(IPC_CHANNEL, String(method), input, typeof session === 'string' ? session : undefined),
  onEvent: (listener: (event: unknown) => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    const forward = (_event: IpcRendererEvent, engineEvent: unknown) => listener(engineEvent);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
  chooseFolder: (): Promise<string | null> => ipcRenderer.invoke(IPC_CHOOSE_FOLDER_CHANNEL),
});
