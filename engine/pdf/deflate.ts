// pdf-lib compresses every page's content stream with pako, a JavaScript zlib; Node's zlib does the same work in
// native code several times faster. A township's binder parts (9,000 pages) spent 20 s of 34 in pako
// (bench/print.ts). Same format, so any reader opens the result; pdf-lib reaches pako through its CommonJS build,
// whose module object this replaces the deflate function of — once, before the first PDF is written.
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

let installed = false;

export function useNativeDeflate(): void {
  if (installed) return;
  installed = true;
  const pako = createRequire(import.meta.url)('pako') as { deflate(data: Uint8Array): Uint8Array };
  pako.deflate = (data) => deflateSync(data);
}
