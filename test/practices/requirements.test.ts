import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import { evaluateRequirements } from "../../src/practices/requirements.js";
import { renderMessage } from "../../src/report/escape.js";

const config = defaultConfig.pull_requests.requirements;
const jira = { ...config, key_pattern: "[A-Z][A-Z0-9]+-\\d+" };
const pr = (body: string, title = "Improve checkout", headRef = "feature/checkout") => ({ body, title, headRef });

describe("requirements practice", () => {
  it.each<[string, typeof config, ReturnType<typeof pr>, "pass" | "fail"]>([
    ["an issue number", config, pr("Part of #12"), "pass"],
    ["a closing keyword", config, pr("Fixes #12"), "pass"],
    ["a cross-repository reference", config, pr("See acme/roadmap#7"), "pass"],
    ["an issue URL", config, pr("https://github.com/acme/roadmap/issues/7"), "pass"],
    ["an issue URL on GitHub Enterprise", config, pr("Spec: https://ghe.acme.dev/acme/api/issues/31"), "pass"],
    ["the reference is in the title", config, pr("", "Refunds (#88)"), "pass"],
    ["no reference at all", config, pr("Small refactor."), "fail"],
    ["a number inside code does not count", config, pr("Run `make #1` first\n```\n#42\n```"), "fail"],
    ["a number in the template comment does not count", config, pr("<!-- Link the issue, e.g. #123 -->"), "fail"],
    ["a heading is not a reference", config, pr("# Summary\nNothing linked."), "fail"],
    ["a tracker key in the body", jira, pr("Implements PAY-142."), "pass"],
    ["a tracker key in the branch name", jira, pr("No link here.", "Refunds", "feature/PAY-142-refunds"), "pass"],
    ["a tracker key without a pattern configured", config, pr("Implements PAY-142."), "fail"],
    ["a pull-request URL is not a requirement", config, pr("Follows https://github.com/acme/api/pull/9"), "fail"],
  ])("%s → %s", (_situation, cfg, facts, outcome) => {
    const verdict = evaluateRequirements(cfg, facts);
    expect(verdict.outcome).toBe(outcome);
    if (outcome === "fail")
      expect(renderMessage(verdict.fix ?? [])).toContain("pull_requests.requirements.key_pattern");
  });

  it("names what it found", () => {
    expect(renderMessage(evaluateRequirements(config, pr("Closes acme/roadmap#7")).summary)).toBe(
      "Links `acme/roadmap#7`.",
    );
  });
});

describe("requirements: whole references only", () => {
  it.each<[string, typeof config, ReturnType<typeof pr>, string | null]>([
    ["a ranking is not an issue", config, pr("", "Makes us #1 on page speed"), null],
    ["a hex colour is not an issue", config, pr("The new colour is #123456."), null],
    ["an anchor link is not an issue", config, pr("See [the table](#12)."), null],
    ["#0 is not an issue", config, pr("Step #0 first."), null],
    ["a reference inside a word is not an issue", config, pr("Follows foo#12."), null],
    ["an HTML entity is not an issue", config, pr("Tick &#10003; done."), null],
    ["a reference in parentheses", config, pr("Adds refunds (#88)."), "#88"],
    ["a closing keyword", config, pr("Fixes #12."), "#12"],
    ["UTF-8 is not a tracker key", jira, pr("Decode UTF-8 names."), null],
    ["SHA-256 is not a tracker key", jira, pr("Hash with SHA-256."), null],
    ["a CVE is not a tracker key", jira, pr("Mitigates CVE-2024-1234."), null],
    ["a real key next to them", jira, pr("UTF-8 names for PAY-142."), "PAY-142"],
  ])("%s", (_situation, cfg, facts, found) => {
    const verdict = evaluateRequirements(cfg, facts);
    if (found === null) expect(verdict.outcome).toBe("fail");
    else expect(renderMessage(verdict.summary)).toMatch(new RegExp(`(Links|Refers to) \`${found}\`\\.`));
  });
});

describe("requirements: configured patterns run in linear time", () => {
  it("matches a catastrophic-backtracking pattern against a long title without stalling", () => {
    const hostile = { ...config, key_pattern: "(a+)+$" };
    // With a backtracking engine this title would not finish before the test's timeout.
    const verdict = evaluateRequirements(hostile, pr("", `${"a".repeat(5000)}!`));
    expect(verdict.outcome).toBe("fail");
  });
});
