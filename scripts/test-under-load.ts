import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";

/**
 * `npm run test:load`: the whole suite while every core is kept busy by a background load, the way
 * a shared CI machine is. A test that passes only on an idle machine fails here. `--runs=N` runs
 * the suite N times in a row (stopping at the first failure).
 */
const runs = Number(process.argv.find((argument) => argument.startsWith("--runs="))?.slice("--runs=".length) ?? 1);

function startLoad(): ChildProcess[] {
  // One spinning process per core, at normal priority: the suite competes with it for every core.
  return os.cpus().map(() => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
}

function runSuite(): Promise<number> {
  return new Promise((resolve) => {
    const suite = spawn("npx", ["vitest", "run"], { stdio: "inherit" });
    suite.on("exit", (code) => resolve(code ?? 1));
  });
}

const load = startLoad();
const stopLoad = () => {
  for (const child of load) child.kill("SIGKILL");
};
process.on("SIGINT", () => {
  stopLoad();
  process.exit(130);
});

let code = 0;
for (let run = 1; run <= runs && code === 0; run++) {
  console.log(`\ntest:load: run ${run} of ${runs}, with ${load.length} busy background processes`);
  code = await runSuite();
}
stopLoad();
process.exit(code);
