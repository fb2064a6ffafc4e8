import type { Root } from "mdast";
import { describe, expect, it } from "vitest";
import {
  authoredLines,
  detailsSummary,
  findSection,
  MAX_BODY_LENGTH,
  parseBody,
  referenceText,
  textOf,
  tooCostlyToParse,
} from "../src/markdown/pr-body.js";

/**
 * Descriptions under GitHub's 65,536-character cap that cost the parser, or Shipshape's own code
 * around it, more than linear time: each is parsed correctly or refused, saying why.
 */
const nestedLists = `${"- ".repeat(16)}x\n`.repeat(1_900);

describe("hostile descriptions", () => {
  it.each([
    ["~~ nested thousands deep", `## Rollback\n${"~~a ".repeat(4_000)}${" a~~".repeat(4_000)}`, "tildes"],
    ["16-deep nested lists × 1,900 lines", `## Rollback\n${nestedLists}`, "list items and quotes"],
    ["16,384 list items", `## Notes\n${"- a\n".repeat(16_380)}`, "list items and quotes"],
    ["a 65 KB table", `## Rollback\n| a | b |\n|---|---|\n${"| x | y |\n".repeat(6_500)}`, "table rows"],
    ["16,000 headings", "# h\n".repeat(16_000), "16,000 headings"],
  ])("refuses %s with a clear reason, in one pass", (_, body, reason) => {
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(tooCostlyToParse(body)).toContain(reason);
    expect(tooCostlyToParse(body)).toMatch(
      /^the description has [\d,]+ .*; Shipshape analyses descriptions with at most [\d,]+$/,
    );
  });

  it.each([
    ["a description with a rollback section", "## Rollback\nRevert the merge commit.\n"],
    [
      "a long but ordinary description",
      `## Notes\n${"- a point\n".repeat(300)}\n| a | b |\n|---|---|\n${"| x | y |\n".repeat(200)}`,
    ],
  ])("lets %s through", (_, body) => {
    expect(tooCostlyToParse(body)).toBeUndefined();
  });

  it("reads a <details> summary in one pass, and finds nothing among thousands of unclosed <summary> or <details openers", () => {
    expect(detailsSummary("<details open>\n<summary><b>Rollback</b> plan</summary>\nRevert it.")).toBe(
      "<b>Rollback</b> plan",
    );
    expect(detailsSummary("<DETAILS><Summary>Rollback</SUMMARY>")).toBe("Rollback");
    expect(detailsSummary("<detailsx><summary>Rollback</summary>")).toBeNull();
    const unclosedSummaries = `<details>\n${"<summary>x\n".repeat(5_900)}`;
    const unclosedDetails = "<details a\n".repeat(5_900);
    expect(unclosedSummaries.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(unclosedDetails.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(detailsSummary(unclosedSummaries)).toBeNull();
    expect(detailsSummary(unclosedDetails)).toBeNull();
    // Parsed as the HTML block it is, no section found, and not refused.
    const body = `## Notes\n${unclosedSummaries}`;
    expect(tooCostlyToParse(body)).toBeUndefined();
    expect(findSection(parseBody(body), "Rollback")).toBeNull();
    const valid = "<details>\n<summary>Rollback</summary>\n\nRevert the merge commit.\n\n</details>\n";
    expect(authoredLines(findSection(parseBody(valid), "Rollback") ?? [])).toEqual(["Revert the merge commit."]);
  });

  it("walks a tree of any depth without recursion (200,000 nested nodes do not overflow the stack)", () => {
    const depth = 200_000;
    // biome-ignore lint/suspicious/noExplicitAny: a hand-built mdast tree deeper than any parser makes
    let node: any = { type: "text", value: "see #12" };
    for (let level = 0; level < depth; level++) node = { type: "delete", children: [node] };
    const root: Root = { type: "root", children: [{ type: "paragraph", children: [node] }] };
    expect(referenceText(root)).toBe("see #12");
    expect(textOf(root)).toBe("see #12");
    // biome-ignore lint/suspicious/noExplicitAny: as above
    let quote: any = { type: "paragraph", children: [{ type: "text", value: "Revert it." }] };
    for (let level = 0; level < depth; level++) quote = { type: "blockquote", children: [quote] };
    expect(authoredLines([quote])).toEqual(["Revert it."]);
  });
});
