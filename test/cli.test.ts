import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
  return { code, out, err };
}

async function configFile(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "shipshape-")), "shipshape.yml");
  await writeFile(path, text);
  return path;
}

describe("shipshape validate", () => {
  it("accepts a valid file", async () => {
    const path = await configFile("pull_requests:\n  tests:\n    enforcement: warn\n");
    expect(await run(["validate", path])).toEqual({ code: 0, out: [`${path}: valid`], err: [] });
  });

  it("prints each problem with line and column and exits 1", async () => {
    const path = await configFile("pull_requests:\n  tests:\n    enforcment: warn\n  stagin: {}\n");
    const result = await run(["validate", path]);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      `${path}:3:5 pull_requests.tests.enforcment: unknown key, did you mean "enforcement"?`,
      `${path}:4:3 pull_requests.stagin: unknown key, did you mean "staging"?`,
      `${path}: 2 problems`,
    ]);
  });

  it("says so when the file cannot be read", async () => {
    const result = await run(["validate", "/nonexistent/shipshape.yml"]);
    expect(result).toEqual({ code: 2, out: [], err: ["shipshape: cannot read /nonexistent/shipshape.yml: ENOENT"] });
  });

  it("mentions an inherited base it does not check", async () => {
    const path = await configFile("_extends: acme/.github\n");
    expect((await run(["validate", path])).out).toEqual([
      `${path}: valid (inherits from acme/.github, not checked here)`,
    ]);
  });
});

describe("the command line", () => {
  it("prints usage for help and rejects unknown commands", async () => {
    expect((await run(["help"])).out[0]).toMatch(/^Usage: shipshape <command>/);
    expect(await run(["deploy"])).toMatchObject({ code: 2 });
  });

  it("asks for the app's credentials before sweeping", async () => {
    expect(await run(["sweep"], {})).toEqual({
      code: 2,
      out: ["shipshape sweep: set APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH (as for npm start)"],
      err: [],
    });
  });
});
