import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * `docker build` cannot run here, so this holds what can be checked without it: the base image is
 * a pinned digest of a supported Node.js LTS, every file the image copies exists, and neither the
 * image nor the npm package carries the simulator, the demo, the tests or the benchmark.
 */
const root = join(import.meta.dirname, "..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const packageJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  files: string[];
  workspaces: string[];
};

function copiedSources(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => /^COPY\s/.test(line) && !line.includes("--from="))
    .flatMap((line) => line.trim().split(/\s+/).slice(1, -1));
}

describe("the release image", () => {
  it("is pinned by the digest of a supported Node.js LTS image", () => {
    const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1] ?? "";
    expect(image).toMatch(/^node:(22|24)-[a-z]+-slim@sha256:[0-9a-f]{64}$/);
  });

  it("copies only files that exist", () => {
    for (const source of copiedSources(dockerfile)) expect(existsSync(join(root, source)), source).toBe(true);
  });

  it("copies no development tool and deletes nothing after the fact", () => {
    const sources = copiedSources(dockerfile);
    for (const tool of ["demo", "bench", "test", "scripts", "simulator/src", "simulator"]) {
      expect(sources).not.toContain(tool);
    }
    expect(dockerfile).not.toMatch(/rm -rf lib/);
  });
});

describe("what ships", () => {
  it("src/ holds the product alone: no simulator or demo inside it", () => {
    expect(readdirSync(join(root, "src"))).not.toEqual(expect.arrayContaining(["simulator"]));
    expect(readdirSync(join(root, "src"))).not.toEqual(expect.arrayContaining(["demo"]));
  });

  it("the npm package lists only the product's files", () => {
    expect(packageJson.files.sort()).toEqual(["app.yml", "bin", "lib", "schema"]);
    expect(packageJson.workspaces).toEqual(["simulator"]);
  });
});
