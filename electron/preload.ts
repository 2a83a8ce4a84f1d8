// The preload exposes exactly one function, `window.dangka.invoke(method, input)`, over one IPC channel. It never
// exposes ipcRenderer itself; the main process checks the method name and validates the input.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL } from '../shared/ipc';

contextBridge.exposeInMainWorld('dangka', {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, String(method), input),
});
