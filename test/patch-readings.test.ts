import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/schema.js";
import { withPatchReadings } from "../src/isolation/patch-readings.js";
import { evaluatePullRequest } from "../src/practices/evaluate.js";
import type { ChangedFile, PullRequestFacts } from "../src/practices/facts.js";
import { plainText } from "../src/practices/message.js";
import { known } from "../src/practices/types.js";

const config = defaultConfig.pull_requests;
const facts = (files: ChangedFile[]): PullRequestFacts => ({
  title: "Change (#1)",
  body: "",
  headRef: "change",
  headSha: "a".repeat(40),
  files: known({ files, total: files.length }),
  deployments: known([]),
});
const comment = "@@ -1,2 +1,2 @@\n-// Pays.\n+// Pays the invoice.\n export function pay() {}";
/** What reading `comment` gives: a change of comments only. */
const COMMENT_ONLY = {
  read: true,
  behaviourNeutral: true,
  testsInside: false,
  onlyRemovesCode: false,
  onlyChangesData: false,
} as const;

describe("reading the patches before the verdicts", () => {
  it("does not count a test file whose patch only fixes a comment as a test change", async () => {
    const read = await withPatchReadings(
      config,
      facts([
        {
          filename: "src/pay.ts",
          status: "modified",
          changes: 2,
          patch: "@@ -1 +1 @@\n-export const fee = 1;\n+export const fee = 2;",
        },
        { filename: "test/pay.test.ts", status: "modified", changes: 2, patch: comment },
      ]),
    );
    const files = read.files?.ok ? read.files.value.files : [];
    expect(files[1]).toEqual({
      filename: "test/pay.test.ts",
      status: "modified",
      changes: 2,
      reading: COMMENT_ONLY,
    });
    const [tests] = evaluatePullRequest(config, read);
    expect(tests?.outcome).toBe("fail");
    expect(plainText(tests?.summary ?? [])).toBe("1 source file changed without any test change.");
  });

  it("reads code and deployable files and drops their patches; docs keep no reading", async () => {
    const read = await withPatchReadings(
      config,
      facts([
        { filename: "src/pay.ts", status: "modified", changes: 2, patch: comment },
        { filename: "docs/guide.md", status: "modified", changes: 2, patch: "@@ -1 +1 @@\n-a\n+b" },
      ]),
    );
    expect(read.files?.ok && read.files.value.files).toEqual([
      {
        filename: "src/pay.ts",
        status: "modified",
        changes: 2,
        reading: COMMENT_ONLY,
      },
      { filename: "docs/guide.md", status: "modified", changes: 2 },
    ]);
  });

  it("reads an npm lock changed alone: staging and rollback do not apply to a bump of a dev package", async () => {
    const bump = (mark: string) =>
      [
        "@@ -10,9 +10,9 @@",
        '     "node_modules/launch-editor": {',
        '-      "version": "2.13.2",',
        '+      "version": "2.14.1",',
        `       ${mark}`,
        '       "license": "MIT"',
        "     },",
      ].join("\n");
    const verdicts = async (mark: string) => {
      const read = await withPatchReadings(
        config,
        facts([{ filename: "package-lock.json", status: "modified", changes: 2, patch: bump(mark) }]),
      );
      return evaluatePullRequest(config, read).map((result) => `${result.practice}:${result.outcome}`);
    };
    expect(await verdicts('"dev": true,')).toEqual(
      expect.arrayContaining(["tests:skip", "staging:skip", "rollback:skip"]),
    );
    expect(await verdicts('"optional": true,')).toEqual(expect.arrayContaining(["staging:fail", "rollback:fail"]));
  });

  it("judges by name the files left when the time for reading patches runs out, and says so", async () => {
    let clock = 0;
    const read = await withPatchReadings(
      config,
      facts([{ filename: "src/pay.ts", status: "modified", changes: 2, patch: comment }]),
      100,
      () => (clock += 200),
    );
    const [tests] = evaluatePullRequest(config, read);
    expect(tests?.outcome).toBe("fail");
    expect(plainText(tests?.summary ?? [])).toBe(
      "1 source file changed without any test change. 1 file judged by name only: reading the patches took longer than Shipshape allows.",
    );
  });

  it("judges by name a patch the gatherer left out as too large", async () => {
    const read = await withPatchReadings(
      config,
      facts([{ filename: "src/pay.ts", status: "modified", changes: 2, patchTooLarge: true }]),
    );
    expect(read.files?.ok && read.files.value.files[0]?.reading).toEqual({ read: false, reason: "too-large" });
  });
});
