import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build for the three front doors: the Electron main process with its engine process (host), the `dangka` CLI
// (which also hosts `dangka serve`) and the renderer that both Electron and `serve` load. The engine is bundled into
// the engine process and the CLI, never into the main process; native and large packages stay external and load from
// node_modules.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main.ts'),
          host: resolve(__dirname, 'electron/host.ts'),
          cli: resolve(__dirname, 'engine/cli/bin.ts'),
          rosterXlsxWorker: resolve(__dirname, 'engine/roster/rosterXlsxWorker.ts'),
          paddleWorker: resolve(__dirname, 'engine/ocr/paddleWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
