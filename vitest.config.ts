import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 20_000,
    // The end-to-end files mostly wait (on simulated GitHub, Redis, child processes, timers): three
    // files at a time keep two cores busy. `npm run test:load` runs the same with both cores loaded.
    maxWorkers: 3,
    coverage: {
      provider: "v8",
      include: ["src/**"],
      reporter: ["text-summary", "text"],
    },
  },
});
