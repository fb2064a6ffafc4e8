import { toString as nodeText } from "mdast-util-to-string";
import type { PullRequestsConfig } from "../config/schema.js";
import { findSection, parseBody } from "../markdown/pr-body.js";
import { inlineCode } from "../report/escape.js";
import { count } from "../report/words.js";
import type { PullRequestFacts } from "./facts.js";
import { globMatcher } from "./globs.js";
import { couldNotCheck, type Verdict } from "./types.js";

type DependenciesConfig = PullRequestsConfig["dependencies"];

/** Every dependency added to a manifest is justified in the PR or by a decision record. */
export function evaluateDependencies(
  config: DependenciesConfig,
  facts: Pick<PullRequestFacts, "body" | "files" | "manifests">,
): Verdict {
  const heading = inlineCode(config.heading);
  const fix = `Say why each new dependency was chosen under a ${heading} heading in the PR description, or add a decision record matching \`pull_requests.dependencies.decision_records\`.`;
  if (!facts.files?.ok)
    return couldNotCheck("dependencies", facts.files?.reason ?? "the changed files were not read", fix);
  if (!facts.manifests?.ok)
    return couldNotCheck("dependencies", facts.manifests?.reason ?? "manifests were not read", fix);

  const added = facts.manifests.value.flatMap((manifest) =>
    manifest.added.map((name) => ({ name, path: manifest.path })),
  );
  if (added.length === 0) {
    const changedManifests = facts.manifests.value.length;
    const summary =
      changedManifests > 0 ? "No dependency added (version changes only)." : "No dependency manifest changed.";
    return { outcome: "skip", summary };
  }

  const isDecisionRecord = globMatcher(config.decision_records);
  const record = facts.files.value.files.find((file) => file.status === "added" && isDecisionRecord(file.filename));
  if (record) {
    return {
      outcome: "pass",
      summary: `${count(added.length, "new dependency", "new dependencies")} justified by ${inlineCode(record.filename)}.`,
    };
  }

  const section = findSection(parseBody(facts.body), config.heading);
  const justification = section
    ? section
        .map((node) => nodeText(node))
        .join("\n")
        .toLowerCase()
    : "";
  const unjustified = added.filter((dependency) => !justification.includes(dependency.name.toLowerCase()));
  if (unjustified.length === 0) {
    return { outcome: "pass", summary: `Every new dependency is explained under ${heading}.` };
  }
  const names = unjustified.map((dependency) => inlineCode(dependency.name));
  return {
    outcome: "fail",
    summary: `${unjustified.length === 1 ? "A new dependency has" : `${unjustified.length} new dependencies have`} no justification: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}.`,
    details: unjustified.map((dependency) => `${inlineCode(dependency.name)} in ${inlineCode(dependency.path)}`),
    fix,
  };
}
