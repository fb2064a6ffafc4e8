import { describe, expect, it, vi } from "vitest";

/** The WASM runtime failing to load (a broken install, memory refused): counted, never succeeding. */
const attempts = vi.hoisted(() => ({ init: 0 }));
vi.mock("web-tree-sitter", () => ({
  default: {
    init: async () => {
      attempts.init++;
      throw new Error("WebAssembly.instantiate(): Out of memory");
    },
  },
}));

const { readPatch } = await import("../../src/diff/read-patch.js");

describe("a tokenizer that cannot load", () => {
  it("leaves the file judged by its name, and tries again at the next file", async () => {
    const patch = "@@ -1 +1 @@\n-// Pays.\n+// Pays the invoice.";
    expect(await readPatch("src/pay.ts", patch)).toEqual({ read: false, reason: "no-grammar" });
    expect(await readPatch("src/refund.ts", patch)).toEqual({ read: false, reason: "no-grammar" });
    expect(attempts.init).toBe(2);
  });
});
