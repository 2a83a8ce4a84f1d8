// The engine process of the app: an Electron utilityProcess started by the main process (electron/main.ts). It holds
// the engine host — the library, its jobs, the OCR workers — and talks to the main process over one MessagePort, so
// long work never blocks the thread that draws the window. `dangka serve` and the CLI run the same engine in-process.
import { createEngineHost } from '../engine/host/host';
import { resolveLibraryDir } from '../engine/library/library';
import { argValue, HOST_ARGS, type HostPort } from './hostProtocol';
import { readLastLibrary, rememberLibrary, serveHostPort } from './hostService';

const settingsFile = argValue(process.argv, HOST_ARGS.settings);
// --library DIR, else DANGKA_LIBRARY, else the library used last time, else the default (the sample county).
const dir = resolveLibraryDir(argValue(process.argv, HOST_ARGS.library) ?? process.env.DANGKA_LIBRARY ?? readLastLibrary(settingsFile));
const host = createEngineHost({
  dir,
  engine: { auth: 'sessions' },
  // First run on the default library: the sample county, so a new clerk opens a working archive at once.
  sampleWhenMissing: dir === resolveLibraryDir(),
  onOpened: (opened) => rememberLibrary(settingsFile, opened),
  backgroundWork: true,
});

process.parentPort.once('message', ({ ports }) => {
  const [port] = ports;
  if (!port) throw new Error('engine process started without its MessagePort');
  serveHostPort(host, port as HostPort, () => process.exit(0));
  void host.start();
});
