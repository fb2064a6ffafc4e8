import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/manifests/parse.js";
import { HOSTILE_MANIFESTS, namesOf } from "./hostile.js";

describe("manifests written to stall the parser", () => {
  it.each(HOSTILE_MANIFESTS)("reads $path made of $label at the 1 MB read cap", ({ path, text, names }) => {
    expect(text.length).toBeGreaterThan(1_000_000);
    const result = parseManifest(path, text);
    if (names === "invalid") expect(result.ok).toBe(false);
    else expect(result.ok && namesOf(result.manifest.dependencies)).toEqual(names);
  });
});
