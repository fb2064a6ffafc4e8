// Mutation testing of the pure modules: `npm run mutation` (slow; not part of CI).
// These folders do no I/O (reading the config through GitHub lives in src/github/). Only the fast
// unit tests run against each mutant (vitest.mutation.config.ts): no end-to-end test.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  mutate: [
    "src/practices/**/*.ts",
    "src/markdown/**/*.ts",
    "src/manifests/**/*.ts",
    "src/config/**/*.ts",
  ],
  ignorePatterns: ["lib", "coverage", "reports", "bench/results*", "test/corpus/real/.cache"],
  coverageAnalysis: "perTest",
  // The machine's two cores are shared: one mutant at a time.
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ["clear-text", "html", "json", "progress-append-only"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
