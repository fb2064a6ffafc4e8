import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import { evaluateDependencies } from "../../src/practices/dependencies.js";
import type { ChangedFile, ManifestChange } from "../../src/practices/facts.js";
import { known, unknown } from "../../src/practices/types.js";
import { renderMessage } from "../../src/report/escape.js";

const config = defaultConfig.pull_requests.dependencies;
const changed = (...files: [string, ChangedFile["status"]][]) =>
  known({ files: files.map(([filename, status]) => ({ filename, status, changes: 2 })), total: files.length });
const manifests = (...list: ManifestChange[]) => known({ manifests: list, notRead: 0 });

describe("dependencies practice", () => {
  it.each<[string, string, ReturnType<typeof changed>, ReturnType<typeof manifests>, "pass" | "fail" | "skip"]>([
    ["no manifest changed", "", changed(["src/a.ts", "modified"]), manifests(), "skip"],
    [
      "a version bump only",
      "",
      changed(["package.json", "modified"]),
      manifests({ path: "package.json", added: [] }),
      "skip",
    ],
    [
      "a new dependency without a word",
      "",
      changed(["package.json", "modified"]),
      manifests({ path: "package.json", added: ["left-pad"] }),
      "fail",
    ],
    [
      "a new dependency explained",
      "## Dependencies\n`left-pad`: we need padding and this is tiny and audited.",
      changed(["package.json", "modified"]),
      manifests({ path: "package.json", added: ["left-pad"] }),
      "pass",
    ],
    [
      "explained in the wrong section",
      "## Summary\nAdds left-pad.\n## Dependencies\nNone.",
      changed(["package.json", "modified"]),
      manifests({ path: "package.json", added: ["left-pad"] }),
      "fail",
    ],
    [
      "a decision record added (it names the module)",
      "",
      changed(["go.mod", "modified"], ["docs/adr/0007-use-chi.md", "added"]),
      manifests({ path: "go.mod", added: ["github.com/go-chi/chi/v5"] }),
      "pass",
    ],
    [
      "a decision record only edited",
      "",
      changed(["go.mod", "modified"], ["docs/adr/0001-old.md", "modified"]),
      manifests({ path: "go.mod", added: ["github.com/go-chi/chi/v5"] }),
      "fail",
    ],
    [
      "two new, one explained",
      "### Dependencies\n- requests: the standard HTTP client",
      changed(["requirements.txt", "modified"]),
      manifests({ path: "requirements.txt", added: ["requests", "numpy"] }),
      "fail",
    ],
    [
      "names compared case-insensitively",
      "## Dependencies\nDjango is our web framework.",
      changed(["pyproject.toml", "modified"]),
      manifests({ path: "pyproject.toml", added: ["django"] }),
      "pass",
    ],
  ])("%s → %s", (_situation, body, files, manifestFacts, outcome) => {
    const decisionRecords = {
      "docs/adr/0007-use-chi.md": "# Use chi\n\nWe route HTTP with chi: small, stdlib-compatible.",
    };
    const verdict = evaluateDependencies(config, { body, files, manifests: manifestFacts, decisionRecords });
    expect(verdict.outcome).toBe(outcome);
    if (outcome === "fail")
      expect(renderMessage(verdict.fix ?? [])).toContain("pull_requests.dependencies.decision_records");
  });

  it("lists the unjustified dependencies", () => {
    const verdict = evaluateDependencies(config, {
      body: "",
      files: changed(["package.json", "modified"]),
      manifests: manifests({ path: "package.json", added: ["left-pad", "is-odd"] }),
    });
    expect(renderMessage(verdict.summary)).toBe("2 new dependencies have no justification: `left-pad`, `is-odd`.");
    expect(verdict.details?.map(renderMessage)).toEqual(["`left-pad` in `package.json`", "`is-odd` in `package.json`"]);
  });

  it("says when a lock export's new entries could not be read as dependencies, without failing on them", () => {
    const verdict = evaluateDependencies(config, {
      body: "",
      files: changed(["requirements.txt", "modified"]),
      manifests: manifests({
        path: "requirements.txt",
        added: [],
        changes: [{ name: "sentry-sdk", kind: "added", dev: false, to: "==1.39.1", indirect: true }],
        additionsUnread: "unannotated-lock-export",
      }),
    });
    expect(verdict.outcome).toBe("skip");
    expect(renderMessage(verdict.summary)).toBe(
      "No dependency added (version changes only). New entries of `requirements.txt` were not read as dependencies: it was exported by a lock tool without “# via” annotations, which tell direct dependencies from the others.",
    );
  });

  it("names a Maven dependency justified by its artifact", () => {
    const verdict = evaluateDependencies(config, {
      body: "## Dependencies\nresilience4j-retry: retries with backoff, which Spring Retry lacks for WebClient.",
      files: changed(["pom.xml", "modified"]),
      manifests: manifests({ path: "pom.xml", added: ["io.github.resilience4j:resilience4j-retry"] }),
    });
    expect(verdict.outcome).toBe("pass");
  });

  it("fails closed when a manifest could not be read", () => {
    const verdict = evaluateDependencies(config, {
      body: "",
      files: changed(["package.json", "modified"]),
      manifests: unknown("package.json could not be parsed"),
    });
    expect(verdict.outcome).toBe("fail");
    expect(renderMessage(verdict.summary)).toContain("Could not check dependencies");
  });
});

describe("dependencies: names as whole tokens", () => {
  const verdict = (section: string, added: string[], extra: Partial<Parameters<typeof evaluateDependencies>[1]> = {}) =>
    evaluateDependencies(config, {
      body: `## Dependencies\n${section}`,
      files: changed(["package.json", "modified"]),
      manifests: manifests({ path: "package.json", added }),
      ...extra,
    }).outcome;

  it.each([
    ["ms inside items", "These items are small.", ["ms"]],
    ["react inside react-dom", "Portals come from react-dom.", ["react"]],
    ["request in pull request", "This pull request adds retries.", ["request"]],
    ["a name only in an HTML comment", "<!-- left-pad: tiny -->", ["left-pad"]],
    ["a name only in the template", "_List left-pad and why._", ["left-pad"]],
  ])("does not count %s", (_situation, section, added) => {
    expect(verdict(section, added)).toBe("fail");
  });

  it("counts the name written as code, in a list, with punctuation after it", () => {
    expect(verdict("- `ms`: parses durations.\n- react, for the widget.", ["ms", "react"])).toBe("pass");
  });

  it("counts a decision record only for the dependencies it names", () => {
    const record = {
      files: changed(["package.json", "modified"], ["docs/adr/0003-queue.md", "added"]),
      decisionRecords: { "docs/adr/0003-queue.md": "# Use bullmq\nIt runs on our Redis." },
    };
    expect(verdict("", ["bullmq"], record)).toBe("pass");
    expect(verdict("", ["bullmq", "lodash"], record)).toBe("fail");
  });

  it("says when more manifests changed than were read, instead of cutting silently", () => {
    const result = evaluateDependencies(config, {
      body: "",
      files: changed(["package.json", "modified"]),
      manifests: known({ manifests: [{ path: "package.json", added: [] }], notRead: 3 }),
    });
    expect(renderMessage(result.summary)).toContain("3 more changed manifests were not read");
  });
});
