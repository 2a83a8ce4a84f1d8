// The preload exposes exactly one function, `window.dangka.invoke(method, input, session)`, over one IPC channel. It never
// exposes ipcRenderer itself; the main process checks the method name and validates the input.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL } from '../shared/ipc';

contextBridge.exposeInMainWorld('dangka', {
  invoke: (method: string, input: unknown, session?: string) => ipcRenderer.invoke(IPC_CHANNEL, String(method), input, typeof session === 'string' ? session : undefined),
});
