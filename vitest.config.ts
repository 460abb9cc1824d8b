// Vitest runs without the Remix Vite plugin, which does not work under Vitest.
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        plugins: [tsconfigPaths()],
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        plugins: [tsconfigPaths()],
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          environment: "node",
          setupFiles: ["tests/setup/integration.ts"],
          // One database per worker, migrated once and truncated between tests: workers
          // keep their modules (and so their database) from one test file to the next.
          isolate: false,
          poolOptions: { forks: { isolate: false }, threads: { isolate: false } },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
