import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          // Electron main process.
          index: resolve(root, 'src-main/electron-main/main.ts'),
          // The library's utility process (services, indexer), started by the main process.
          'services-process': resolve(root, 'src-main/electron-main/services-process.ts'),
          // The `lumen` command line (bin/lumen.js loads it in plain Node).
          cli: resolve(root, 'src-main/node/cli/main.ts'),
          // Decode + inference child process (utilityProcess in the app, child_process under Node).
          'embed-worker': resolve(root, 'src-main/node/indexer/embed-worker/worker-process.ts'),
          // Background vector index rebuilds (IVF training, layout switches), a child process of the services.
          'vector-rebuild-worker': resolve(root, 'src-main/node/library/vector/rebuild/rebuild-worker-main.ts'),
          // Which GPU providers can start here: a short-lived child of the services (a broken driver takes only it down).
          'provider-probe': resolve(root, 'src-main/node/model/provider-probe-child.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [svelte()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
