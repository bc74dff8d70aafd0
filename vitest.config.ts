import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real ONNX sessions and SQLite on real files: generous, but never asserted on.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'test/e2e-ui/**'],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
        },
      },
      {
        // Svelte components in jsdom, against the one API mock (test/renderer/mock-client.ts).
        extends: true,
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
      {
        // The real window in headless Chromium against `lumen serve` (needs `npm run build`).
        extends: true,
        test: {
          name: 'e2e-ui',
          include: ['test/e2e-ui/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          // The page answers a real server and real models on a shared 2-core machine: a UI change
          // can take seconds under load, where vitest's default poll gives up after one.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
