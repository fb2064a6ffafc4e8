import { describe, expect, it } from "vitest";
import {
  authoredLines,
  authoredText,
  findSection,
  flattenDeepNesting,
  headingNames,
  MAX_BODY_LENGTH,
  MAX_NESTING,
  parseBody,
  referenceText,
  templateText,
  tooCostlyToParse,
} from "../../src/markdown/pr-body.js";

/** Pull-request descriptions as authors write them, one row each. */

/** The authored text of the section named `heading`, or null when the description has none. */
const section = (body: string, heading: string, templates: string[] = []): string | null => {
  const nodes = findSection(parseBody(body), heading);
  return nodes === null ? null : authoredText(nodes, templateText(templates));
};

describe("headings that name a section", () => {
  it.each([
    ["Rollback plan", "Rollback", true],
    ["Roll-back plan", "Rollback", true],
    ["Roll back plan", "Rollback", true],
    ["Roll  -  back", "Rollback", true],
    ["ROLLBACK", "Rollback", true],
    ["🔙 2. Rollback plan", "Rollback", true],
    ["Risks & rollback", "Rollback", true],
    ["Rollback plan and known risks", "Rollback", true],
    ["Rollback plan, risks and monitoring after release", "Rollback", false],
    ["Rollback plan and known risks today", "Rollback", false],
    ["Rollbacks are hard and we should talk about them", "Rollback", false],
    ["Rolling back", "Rollback", false],
    ["Dependency", "Dependencies", true],
    ["New dependencies", "Dependencies", true],
    ["Libraries", "Library", false],
    ["Test plan", "Tests", true],
    ["Tests", "Test", false],
    ["Process", "Process", true],
    ["Proces", "Process", false],
    ["Release notes", "Release notes", true],
    ["Notes on the release", "Release notes", false],
    ["2.", "Rollback", false],
    ["Rollback", "", false],
    ["Rollback", "🔙", false],
  ])("%j names %j: %s", (text, heading, names) => {
    expect(headingNames(text, heading)).toBe(names);
  });
});

describe("finding a section", () => {
  it.each([
    ["a markdown heading", "## Rollback plan\nRevert the commit and redeploy."],
    ["a hyphenated heading", "### Roll-back plan\nRevert the commit and redeploy."],
    ["a level-one heading", "# Rollback\nRevert the commit and redeploy."],
    ["a setext heading", "Rollback plan\n-------------\nRevert the commit and redeploy."],
    ["an HTML heading", "<h2>Rollback plan</h2>\n\nRevert the commit and redeploy."],
    ["an HTML heading in capitals", "<H2>Rollback plan</H2>\n\nRevert the commit and redeploy."],
    [
      "an open details block's summary",
      "<details open>\n<summary><b>Rollback plan</b></summary>\n\nRevert the commit and redeploy.\n\n</DETAILS>",
    ],
    [
      "an HTML heading with attributes",
      '<h3 id="rollback">Rollback <em>plan</em></h3>\n\nRevert the commit and redeploy.',
    ],
    [
      "a details block's summary",
      "<details>\n<summary>Rollback plan</summary>\n\nRevert the commit and redeploy.\n\n</details>",
    ],
  ])("under %s", (_situation, body) => {
    expect(section(body, "Rollback")).toBe("Revert the commit and redeploy.");
  });

  it.each([
    ["no heading at all", "Revert the commit and redeploy."],
    ["a heading naming something else", "## Testing\nRan the suite."],
    ["the word in a paragraph, not a heading", "Rollback plan: revert the commit."],
    ["an HTML heading naming something else", "<h2>Testing</h2>\n\nRan the suite."],
    ["an HTML paragraph", "<p>Rollback plan</p>\n\nRevert the commit."],
    ["an HTML heading whose closing tag does not match", "<h2>Rollback plan</h3>\n\nRevert the commit."],
    ["an HTML heading followed by more text", "<h2>Rollback plan</h2> is below\n\nRevert the commit."],
    ["a details block about something else", "<details>\n<summary>Logs</summary>\n\nRollback plan\n\n</details>"],
  ])("finds none with %s", (_situation, body) => {
    expect(section(body, "Rollback")).toBeNull();
  });

  it.each([
    ["the next heading of the same level", "## Rollback\nRevert it.\n## Testing\nRan the suite."],
    ["a higher heading", "### Rollback\nRevert it.\n## Testing\nRan the suite."],
    ["an HTML heading of the same level", "## Rollback\nRevert it.\n\n<h2>Testing</h2>\n\nRan the suite."],
    ["a higher HTML heading", "<h3>Rollback</h3>\n\nRevert it.\n\n<h1>Testing</h1>\n\nRan the suite."],
    [
      "the end of its details block",
      "<details>\n<summary>Rollback</summary>\n\nRevert it.\n\n</details>\n\nRan the suite.",
    ],
  ])("ends at %s", (_situation, body) => {
    expect(section(body, "Rollback")).toBe("Revert it.");
  });

  it.each([
    ["a lower markdown heading", "## Rollback\nRevert it.\n### Details\nThen redeploy.\n## Testing\nRan it."],
    ["a lower HTML heading", "## Rollback\nRevert it.\n\n<h4>Details</h4>\n\nThen redeploy.\n\n## Testing\nRan it."],
  ])("goes on past %s", (_situation, body) => {
    expect(section(body, "Rollback")).toBe("Revert it.\nThen redeploy.");
  });

  it("takes the first section naming the heading", () => {
    expect(section("## Rollback\nFirst plan.\n## Rollback\nSecond plan.", "Rollback")).toBe("First plan.");
  });

  it("gives an empty section when the next heading follows at once", () => {
    expect(findSection(parseBody("## Rollback\n## Testing\nRan it."), "Rollback")).toEqual([]);
  });
});

describe("the text an author wrote in a section", () => {
  it.each([
    ["plain prose", "Revert the merge commit.", "Revert the merge commit."],
    [
      "partly emphasised prose",
      "Revert with _care_: run the down migration.",
      "Revert with care: run the down migration.",
    ],
    ["prose starting with emphasis", "*Revert* the merge commit.", "Revert the merge commit."],
    ["bold prose", "**Revert the merge commit.**", "Revert the merge commit."],
    ["inline code in prose", "Run `kubectl rollout undo`.", "Run kubectl rollout undo."],
    ["a link in prose", "See [the runbook](https://example.com/runbook).", "See the runbook."],
    ["a fenced command", "```sh\nkubectl rollout undo deploy/web\n```", "kubectl rollout undo deploy/web"],
    ["a command ending in a question mark inside code", "```\nwhat?\n```", "what?"],
    ["a checked task", "- [x] Revert script tested", "Revert script tested"],
    ["a plain list item", "- Revert the merge commit", "Revert the merge commit"],
    ["a table cell", "| Step | Command |\n| --- | --- |\n| 1 | Revert it |", "Step\nCommand\n1\nRevert it"],
    ["a hard line break", "Revert it.  \nThen redeploy.", "Revert it.\nThen redeploy."],
    ["a backslash line break", "Revert it.\\\nThen redeploy.", "Revert it.\nThen redeploy."],
    ["a quoted line", "> Revert it.", "Revert it."],
    [
      "a sentence starting with a placeholder word",
      "None of the data changes; revert the commit.",
      "None of the data changes; revert the commit.",
    ],
    ["a sentence ending with a placeholder word", "Data migration: n/a", "Data migration: n/a"],
    [
      "a sentence starting like a prompt",
      "Describing the steps is easy: revert.",
      "Describing the steps is easy: revert.",
    ],
    ["a placeholder inside a longer sentence", "Revert to <previous sha> and redeploy.", "Revert to  and redeploy."],
  ])("keeps %s", (_situation, markdown, expected) => {
    expect(authoredText(parseBody(markdown).children)).toBe(expected);
  });

  it.each([
    ["italic guidance", "_Describe how to undo this change._"],
    ["bold-italic guidance", "***Describe how to undo this change.***"],
    ["two italic phrases", "_Describe how to undo it._ _Name the commands._"],
    ["an HTML comment", "<!-- How would you undo this? -->"],
    ["an unchecked task", "- [ ] Revert script tested"],
    ["a question", "How would you undo this change?"],
    ["N/A", "N/A"],
    ["n/a in lower case", "n/a"],
    ["NA", "NA"],
    ["TBD", "TBD"],
    ["a dash", "-"],
    ["an ellipsis", "..."],
    ["a unicode ellipsis", "…"],
    ["question marks", "???"],
    ["none", "None"],
    ["a bracketed placeholder", "[link to the runbook]"],
    ["an angle-bracketed placeholder", "<describe the steps>"],
    ["a braced placeholder", "{steps}"],
    ["a prompt to describe", "Describe the rollback steps"],
    ["a prompt to add", "Add your plan here"],
    ["to be determined", "To be determined"],
    ["not applicable", "Not applicable"],
    ["same as above", "Same as above"],
    ["a heading", "#### Steps"],
    ["a blank", "   "],
    ["nothing", "Nothing"],
    ["TBA", "TBA"],
    ["TODO", "TODO"],
    ["WIP", "wip"],
    ["crosses", "xxx"],
    ["a fill-in prompt", "Fill me in"],
    ["a short fill-in prompt", "Fill in"],
    ["to be done", "To be done"],
    ["to be defined", "To be defined"],
  ])("drops %s", (_situation, markdown) => {
    expect(authoredLines(parseBody(markdown).children)).toEqual([]);
  });

  it("drops the lines the repository's template already had, whatever their case and spacing", () => {
    const template = "## Rollback\nRevert the merge commit and  redeploy.\n";
    expect(
      section("## Rollback\nrevert the merge commit and redeploy.\nAlso flush the cache.", "Rollback", [template]),
    ).toBe("Also flush the cache.");
  });

  it("keeps every line when the repository has no template", () => {
    expect(authoredLines(parseBody("Revert it.\nThen redeploy.").children)).toEqual(["Revert it.", "Then redeploy."]);
  });
});

describe("the prose where references are looked for", () => {
  it.each([
    ["an issue in prose", "Fixes #12", "Fixes #12"],
    [
      "a link's address",
      "See [the issue](https://github.com/acme/web/issues/7)",
      "See https://github.com/acme/web/issues/7 the issue",
    ],
    ["an anchor link, whose address is not a reference", "[jump](#12)", "jump"],
  ])("keeps %s", (_situation, markdown, expected) => {
    expect(referenceText(parseBody(markdown)).replace(/\s+/g, " ")).toBe(expected.replace(/\s+/g, " "));
  });

  it.each([
    ["inline code", "Run `#12`"],
    ["a code block", "```\nFixes #12\n```"],
    ["an HTML comment", "<!-- Fixes #12 -->"],
  ])("drops %s", (_situation, markdown) => {
    expect(referenceText(parseBody(markdown))).not.toContain("#12");
  });
});

describe("descriptions too costly to analyse", () => {
  it.each([
    ["ten thousand asterisks and underscores", `${"*_".repeat(5_000)}`, undefined],
    ["one more", `${"*_".repeat(5_000)}*`, "10,001 emphasis markers"],
    ["too many brackets", "[]".repeat(5_001), "10,002 brackets"],
    ["too many backticks", "`".repeat(10_001), "10,001 backticks"],
    ["too many angle brackets", "<".repeat(10_001), "10,001 angle brackets"],
    ["an ordinary description", "## Rollback\nRevert *it* with `git revert`.", undefined],
  ])("%s", (_situation, body, expected) => {
    const why = tooCostlyToParse(body);
    if (expected === undefined) expect(why).toBeUndefined();
    else expect(why).toContain(expected);
  });

  it("counts only the part of a description GitHub keeps", () => {
    expect(tooCostlyToParse(`${"a".repeat(MAX_BODY_LENGTH)}${"*".repeat(20_000)}`)).toBeUndefined();
  });

  it("says what the limit is", () => {
    expect(tooCostlyToParse("`".repeat(10_001))).toBe(
      "the description has 10,001 backticks; Shipshape analyses descriptions with at most 10,000",
    );
  });
});

describe("deeply nested descriptions", () => {
  it("keeps nesting up to the limit", () => {
    const quoted = `${">".repeat(MAX_NESTING)} Revert it.`;
    expect(flattenDeepNesting(quoted)).toBe(quoted);
  });

  it("drops the markers past the limit", () => {
    expect(flattenDeepNesting(`${"> ".repeat(MAX_NESTING + 5)}Revert it.`)).toBe(
      `${"> ".repeat(MAX_NESTING)}Revert it.`,
    );
  });

  it.each([
    ["list markers", "- ".repeat(40), "- ".repeat(MAX_NESTING)],
    ["numbered list markers", "1. ".repeat(40), "1. ".repeat(MAX_NESTING)],
    ["two-digit numbered list markers", "10) ".repeat(40), "10) ".repeat(MAX_NESTING)],
    ["indented quote markers", " > ".repeat(40), " > ".repeat(MAX_NESTING)],
    ["mixed markers", "> * ".repeat(20), "> * ".repeat(MAX_NESTING / 2)],
  ])("flattens %s", (_situation, line, expected) => {
    expect(flattenDeepNesting(`${line}Revert it.`)).toBe(`${expected}Revert it.`);
  });

  it("leaves words that merely start like markers alone", () => {
    expect(flattenDeepNesting("-dash\n1.5 is a number\n*emphasis*")).toBe("-dash\n1.5 is a number\n*emphasis*");
  });

  it("still finds the section in a description cut at GitHub's limit", () => {
    const body = `## Rollback\nRevert it.\n${"x".repeat(MAX_BODY_LENGTH)}\n## Testing\nRan it.`;
    expect(findSection(parseBody(body), "Testing")).toBeNull();
    expect(section(body, "Rollback")?.startsWith("Revert it.")).toBe(true);
  });
});
