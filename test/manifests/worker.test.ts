import { afterAll, describe, expect, it, vi } from "vitest";
import { closeEvaluationPool, compareManifestsIsolated } from "../../src/isolation/evaluation-pool.js";
import { compareManifests } from "../../src/manifests/parse.js";
import { HOSTILE_MANIFESTS } from "./hostile.js";

// On this thread, comparing fails: what the pool answers was parsed in a worker (which loads the real module).
vi.mock("../../src/manifests/parse.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/manifests/parse.js")>()),
  compareManifests: vi.fn(() => {
    throw new Error("parsed on the main thread");
  }),
}));

describe("manifest parsing in the worker pool", () => {
  afterAll(closeEvaluationPool);

  it("parses a 1 MB hostile requirements file at the head and the base in a worker, and sends back only the difference", async () => {
    const hostile = HOSTILE_MANIFESTS.find((manifest) => manifest.label === "a URL of `-1` runs")?.text;
    const texts = {
      path: "requirements.txt",
      head: `django==5.0\nflask==3.0\n${hostile}\n`,
      base: { path: "requirements.txt", text: `django==4.2\n${hostile}\n` },
    };
    // A generous deadline: a cold worker starts through tsx on a loaded machine; the deadline is not what is tested.
    const result = await compareManifestsIsolated(texts, "t1", 120_000);
    expect(result).toEqual({
      ok: true,
      diff: {
        added: ["flask"],
        changes: [
          { name: "django", kind: "version", dev: false, from: "==4.2", to: "==5.0" },
          { name: "flask", kind: "added", dev: false, to: "==3.0" },
        ],
      },
    });
    expect(() => compareManifests(texts)).toThrow("parsed on the main thread");
  });

  it("names the file that could not be parsed, head or base", async () => {
    const texts = { path: "pom.xml", head: "<project/>", base: { path: "old/pom.xml", text: "<project>" } };
    expect(await compareManifestsIsolated(texts, "t1", 120_000)).toMatchObject({
      ok: false,
      format: "XML",
      path: "old/pom.xml",
    });
  });
});
