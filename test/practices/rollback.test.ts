import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import { evaluatePullRequest } from "../../src/practices/evaluate.js";
import type { PullRequestFacts } from "../../src/practices/facts.js";
import { evaluateRollback } from "../../src/practices/rollback.js";
import { known, unknown } from "../../src/practices/types.js";
import { renderMessage } from "../../src/report/escape.js";

const config = defaultConfig.pull_requests.rollback;
const files = (...names: string[]) =>
  known({
    files: names.map((filename) => ({ filename, status: "modified" as const, changes: 3 })),
    total: names.length,
  });

describe("rollback practice", () => {
  it.each<[string, string, "pass" | "fail"]>([
    ["a real rollback section", "## Rollback\nRevert the merge commit and redeploy v1.4.2.", "pass"],
    ["empty body", "", "fail"],
    ["no rollback heading", "## Summary\nSome change that is long enough to count.", "fail"],
    ["only the template comment", "## Rollback\n<!-- Describe how to roll back this change -->", "fail"],
    ["only unchecked template boxes", "## Rollback\n- [ ] Revert the PR\n- [ ] Disable the feature flag", "fail"],
    ["a checked box is a decision", "## Rollback\n- [x] Disable the `new-checkout` feature flag", "pass"],
    ["placeholder text", "## Rollback\nN/A", "fail"],
    ["bracketed placeholder", "## Rollback\n[describe how to roll back]\nTBD", "fail"],
    ["too short to say anything", "## Rollback\nRevert.", "fail"],
    [
      "heading at another level and case",
      "### ROLLBACK PLAN\nFlip the flag off in LaunchDarkly, no deploy needed.",
      "pass",
    ],
    [
      "text under the next heading does not count",
      "## Rollback\n\n## Testing\nRan the whole suite twice locally.",
      "fail",
    ],
    [
      "a sub-heading keeps the section open",
      "## Rollback\n### Steps\nRun the down migration 0042 then redeploy.",
      "pass",
    ],
    ["a code block with the commands", "## Rollback\n```\nkubectl rollout undo deploy/api\n```", "pass"],
    ["heading text only in a paragraph", "Rollback: just revert it please, it is fine.", "fail"],
  ])("%s → %s", (_situation, body, outcome) => {
    const verdict = evaluateRollback(config, { body });
    expect(verdict.outcome).toBe(outcome);
    if (outcome === "fail") expect(renderMessage(verdict.fix ?? [])).toContain("pull_requests.rollback.heading");
  });

  it("only asks for a rollback section when a configured path changes", () => {
    const scoped = { ...defaultConfig.pull_requests, rollback: { ...config, paths: ["migrations/**", "infra/**"] } };
    const rollback = (changedFiles: PullRequestFacts["files"]) =>
      evaluatePullRequest(scoped, { title: "", body: "", headRef: "", headSha: "a", files: changedFiles }).find(
        (result) => result.practice === "rollback",
      )?.outcome;
    expect(rollback(files("src/a.ts"))).toBe("skip");
    expect(rollback(files("migrations/0042.sql"))).toBe("fail");
    expect(rollback(unknown("GitHub answered 500"))).toBe("fail");
  });

  it("uses the configured heading and minimum length", () => {
    const custom = { ...config, heading: "Undo", min_length: 40 };
    expect(renderMessage(evaluateRollback(custom, { body: "## Undo\nRevert the merge commit." }).summary)).toBe(
      "The `Undo` section has only 24 characters of text (needs 40).",
    );
  });
});

describe("rollback sections as people write them", () => {
  const pass = (body: string, templates: string[] = []) => evaluateRollback(config, { body, templates }).outcome;
  const plan = "Disable the refunds flag; nothing else changes.";

  it.each([
    ["a numbered heading with an emoji", `## 3. 🔙 Rollback\n${plan}`],
    ["Roll back in two words", `### How to roll back\n${plan}`],
    ["Rollback plan", `#### Rollback plan:\n${plan}`],
    ["Risks & rollback", `## Risks & rollback\n${plan}`],
    ["an HTML heading", `<h3>Rollback</h3>\n\n${plan}`],
    ["a collapsible section", `<details>\n<summary>Rollback</summary>\n\n${plan}\n\n</details>`],
    ["a heading inside a collapsible section", `<details>\n\n## Rollback\n${plan}\n\n</details>`],
    ["a fenced code block of commands", "## Rollback\n```sh\nkubectl rollout undo deploy/refunds\n```"],
  ])("counts %s", (_situation, body) => {
    expect(pass(body)).toBe("pass");
  });

  it.each([
    ["a heading that only starts with the word", `## Rollbacks are hard\n${plan}`],
    ["a prompt question", "## Rollback\nHow would we undo this change if it goes wrong?"],
    ["italic guidance", "## Rollback\n_Explain how to revert this change safely in production._"],
    ["a `<sha>` placeholder", "## Rollback\ngit revert <sha>"],
  ])("does not count %s", (_situation, body) => {
    expect(pass(body)).toBe("fail");
  });

  it("does not count text the author left from the repository's template, but counts what they added", () => {
    const template = "## Rollback\n- Rollback plan: revert this PR and redeploy\n";
    expect(pass(template, [template])).toBe("fail");
    expect(pass(`${template}- The migration is reversible with \`migrate down 41\`.`, [template])).toBe("pass");
  });

  it("passes at exactly min_length characters and fails one below", () => {
    const exactly = "x".repeat(config.min_length - 4);
    expect(pass(`## Rollback\nUndo${exactly}`)).toBe("pass");
    expect(pass(`## Rollback\nUndo${exactly.slice(1)}`)).toBe("fail");
  });
});
