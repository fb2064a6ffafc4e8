/**
 * The layers of Shipshape, checked in CI (`npm run layers`). Imports point one way:
 *
 *   entry (app, server, index, cli) → fleet → handlers → sweep → github → report → practices
 *     → config, markdown, manifests, diff (parsers of untrusted text), coordination (locks, Redis keys)
 *
 * `isolation/` (the worker pool that runs parsers and evaluators) sits beside `github/`: it runs
 * practices and parsers and is used by handlers and sweeps. `github/` is the only code that talks
 * to GitHub; `report/` renders and escapes; `practices/` returns structured verdicts. The
 * development tools beside the product (simulator/, demo/, bench/, test/) are never imported by it,
 * and the simulator imports nothing of the product.
 */
const layer = (name, below) => ({
  name: `${name}-imports-only-below`,
  comment: `src/${name}/ may import only ${below.join(", ")} (and its own folder)`,
  severity: "error",
  from: { path: `^src/${name}/` },
  to: {
    path: "^src/",
    pathNot: [`^src/${name}/`, ...below.map((folder) => `^src/${folder}/`)],
  },
});

const FOUNDATION = ["config", "markdown", "manifests", "diff", "coordination"];
const PRACTICES = ["practices", ...FOUNDATION];
const REPORT = ["report", ...PRACTICES];
const GITHUB = ["github", ...REPORT];
const ISOLATION = ["isolation", ...PRACTICES];
const SWEEP = ["sweep", ...GITHUB, "isolation"];
const HANDLERS = ["handlers", ...SWEEP];
const FLEET = ["fleet", ...HANDLERS];

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Modules that import each other cannot be understood, tested or moved apart.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "product-imports-no-tool",
      comment: "src/ ships alone: it never imports the simulator, the demo, the benchmark or the tests.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(simulator|demo|bench|test|scripts)/|@shipshape/simulator" },
    },
    {
      name: "simulator-imports-no-product",
      comment: "The simulator models GitHub, not Shipshape: it imports nothing from src/.",
      severity: "error",
      from: { path: "^simulator/" },
      to: { path: "^(src|demo|bench|test)/" },
    },
    ...FOUNDATION.map((name) => layer(name, FOUNDATION)),
    layer("practices", PRACTICES.slice(1)),
    layer("report", REPORT.slice(1)),
    layer("github", GITHUB.slice(1)),
    layer("isolation", ISOLATION.slice(1)),
    layer("sweep", SWEEP.slice(1)),
    layer("handlers", HANDLERS.slice(1)),
    layer("fleet", FLEET.slice(1)),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
