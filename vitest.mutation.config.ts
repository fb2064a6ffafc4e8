import { defineConfig } from "vitest/config";

/**
 * The fast unit tests of the pure modules, for `npm run mutation` (Stryker): no end-to-end test,
 * no build of lib/ (nothing here starts the app).
 */
export default defineConfig({
  test: {
    include: [
      "test/practices/**/*.test.ts",
      "test/config/**/*.test.ts",
      "test/markdown/**/*.test.ts",
      "test/manifests/**/*.test.ts",
      "test/report/**/*.test.ts",
      "test/corpus/**/*.test.ts",
    ],
    testTimeout: 20_000,
  },
});
