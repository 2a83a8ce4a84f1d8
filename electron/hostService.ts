// The engine process's side of the MessagePort: calls in, results and every engine event out; on shutdown the
// day's work is backed up and the library closed before the process ends.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EngineHost } from '../engine/host/host';
import type { HostPort, ToHost } from './hostProtocol';

export function serveHostPort(host: EngineHost, port: HostPort, exit: () => void): void {
  host.subscribe((event) => port.postMessage({ type: 'event', event }));
  port.on('message', ({ data }) => {
    const message = data as ToHost;
    if (message.type === 'call') {
      void host.callUntyped(message.method, message.input, message.session).then((result) => port.postMessage({ type: 'result', id: message.id, result }));
    } else if (message.type === 'shutdown') {
      void host.shutdown().finally(exit);
    }
  });
  port.start();
}

/** The library the app opened last time (the app's settings.json), if any. */
export function readLastLibrary(settingsFile: string | undefined): string | undefined {
  if (!settingsFile) return undefined;
  try {
    const value = JSON.parse(readFileSync(settingsFile, 'utf8')) as { lastLibrary?: unknown };
    return typeof value.lastLibrary === 'string' ? value.lastLibrary : undefined;
  } catch {
    return undefined;
  }
}

export function rememberLibrary(settingsFile: string | undefined, dir: string): void {
  if (!settingsFile) return;
  mkdirSync(dirname(settingsFile), { recursive: true });
  const tmp = `${settingsFile}.tmp`;
  writeFileSync(tmp, JSON.stringify({ lastLibrary: dir }, null, 2));
  renameSync(tmp, settingsFile);
}
