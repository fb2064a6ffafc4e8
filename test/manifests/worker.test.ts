import { afterAll, describe, expect, it, vi } from "vitest";
import { closeEvaluationPool, parseManifestIsolated } from "../../src/isolation/evaluation-pool.js";
import { parseManifest } from "../../src/manifests/parse.js";
import { HOSTILE_MANIFESTS, namesOf } from "./hostile.js";

// On this thread, parsing fails: what the pool answers was parsed in a worker (which loads the real module).
vi.mock("../../src/manifests/parse.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/manifests/parse.js")>()),
  parseManifest: vi.fn((path: string) =>
    path === "requirements.txt"
      ? (() => {
          throw new Error("parsed on the main thread");
        })()
      : { ok: true, manifest: { dependencies: [] } },
  ),
}));

describe("manifest parsing in the worker pool", () => {
  afterAll(closeEvaluationPool);

  it("parses a 1 MB hostile requirements file in a worker, not on the main thread", async () => {
    const hostile = HOSTILE_MANIFESTS.find((manifest) => manifest.label === "a URL of `-1` runs");
    const text = `django==5.0\n${hostile?.text}\n`;
    // A generous deadline: a cold worker starts through tsx on a loaded machine; the deadline is not what is tested.
    const result = await parseManifestIsolated("requirements.txt", text, "t1", 120_000);
    expect(result.ok && namesOf(result.manifest.dependencies)).toEqual(["django", "x"]);
    expect(() => parseManifest("requirements.txt", text)).toThrow("parsed on the main thread");
  });
});
