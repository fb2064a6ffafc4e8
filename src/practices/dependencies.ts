import type { PullRequestsConfig } from "../config/schema.js";
import { trimWhere } from "../manifests/text.js";
import { authoredText, findSection, parseBody, templateText } from "../markdown/pr-body.js";
import type { PullRequestFacts } from "./facts.js";
import { globMatcher } from "./globs.js";
import { counted, quote, quoteList, say } from "./message.js";
import { couldNotCheck, type Verdict } from "./types.js";

type DependenciesConfig = PullRequestsConfig["dependencies"];

/**
 * Every dependency added to a manifest is justified: its name, as a whole token, in the
 * Dependencies section (outside HTML comments and template text), or in a decision record added
 * in the same PR. A decision record justifies the dependencies it names, not every dependency.
 */
export function evaluateDependencies(
  config: DependenciesConfig,
  facts: Pick<PullRequestFacts, "body" | "files" | "manifests" | "templates" | "decisionRecords">,
): Verdict {
  const heading = quote(config.heading);
  const fix = say`Say why each new dependency was chosen under a ${heading} heading in the PR description, or add a decision record matching ${quote("pull_requests.dependencies.decision_records")}.`;
  if (!facts.files?.ok)
    return couldNotCheck("dependencies", facts.files?.reason ?? "the changed files were not read", fix);
  if (!facts.manifests?.ok)
    return couldNotCheck("dependencies", facts.manifests?.reason ?? "manifests were not read", fix);

  const { manifests, notRead } = facts.manifests.value;
  const unreadCount =
    notRead > 0 ? say` ${counted(notRead, "more changed manifest was", "more changed manifests were")} not read.` : [];
  // A lock export that does not tell direct dependencies from the rest: its new entries are not read as added.
  const unexplained = manifests.filter((manifest) => manifest.additionsUnread);
  const unread = [
    ...unreadCount,
    ...unexplained.flatMap(
      (manifest) =>
        say` New entries of ${quote(manifest.path)} were not read as dependencies: it was exported by a lock tool without “# via” annotations, which tell direct dependencies from the others.`,
    ),
  ];
  const added = manifests.flatMap((manifest) => manifest.added.map((name) => ({ name, path: manifest.path })));
  if (added.length === 0) {
    const summary =
      manifests.length > 0 ? say`No dependency added (version changes only).` : say`No dependency manifest changed.`;
    // Not a failure: bumping a version in 30 packages of a monorepo is no reason to fail a PR.
    return { outcome: "skip", summary: say`${summary}${unread}` };
  }

  const isDecisionRecord = globMatcher(config.decision_records);
  const records = facts.files.value.files.filter((file) => file.status === "added" && isDecisionRecord(file.filename));
  const section = findSection(parseBody(facts.body), config.heading);
  // Each text is tokenised once: a manifest may add thousands of names.
  const inSection = namesIn(section ? authoredText(section, templateText(facts.templates ?? [])) : "");
  const inRecords = records.map((record) => ({
    path: record.filename,
    names: namesIn(facts.decisionRecords?.[record.filename] ?? ""),
  }));
  const justifiedBy = new Map(
    added.map((dependency) => [
      dependency.name,
      inSection(dependency.name) ? "section" : inRecords.find((record) => record.names(dependency.name))?.path,
    ]),
  );

  const unjustified = added.filter((dependency) => !justifiedBy.get(dependency.name));
  if (unjustified.length === 0) {
    const record = [...justifiedBy.values()].find((by) => by && by !== "section");
    const where = record ? say`under ${heading} or in ${quote(record)}` : say`under ${heading}`;
    return {
      outcome: "pass",
      summary: say`${counted(added.length, "new dependency", "new dependencies")}, each explained ${where}.${unread}`,
    };
  }
  const names = unjustified.map((dependency) => dependency.name);
  const subject =
    unjustified.length === 1
      ? say`A new dependency has`
      : say`${counted(unjustified.length, "new dependency", "new dependencies")} have`;
  return {
    outcome: "fail",
    summary: say`${subject} no justification: ${quoteList(names.slice(0, 5))}${names.length > 5 ? say`, …` : []}.${unread}`,
    details: unjustified.map((dependency) => say`${quote(dependency.name)} in ${quote(dependency.path)}`),
    fix,
  };
}

/**
 * Which dependency names a text names as whole tokens: "ms" is not in "items", "react" is not in
 * "react-dom", "request" is not in "pull-request". A Go module path also counts by its last
 * element (`github.com/stretchr/testify` as "testify"), a Maven coordinate by its artifact, a
 * Gradle catalog accessor by its alias; names compare normalised (case, `_`, `.`, `-`, as PEP 503).
 */
export function namesIn(text: string): (name: string) => boolean {
  const normalize = (token: string) => token.toLowerCase().replace(/[-_.]+/g, "-");
  // "pull request" and "merge request" name no package called "request".
  const prose = text.replace(/\b(?:pull|merge)[\s-]+requests?\b/gi, " ");
  const tokens = new Set(
    prose
      .split(/[^\p{L}\p{N}@/._-]+/u)
      // A linear trim: `/[._/-]+$/` would scan a long run of dots again from each of its dots.
      .map((token) => normalize(trimWhere(token, (char) => "._/-".includes(char))))
      .filter(Boolean),
  );
  return (name) => {
    if (tokens.has(normalize(name))) return true;
    // A Maven or Gradle coordinate (`com.squareup.okhttp3:okhttp`) is also named by its artifact,
    // and a Gradle catalog accessor (`libs.jackson.databind`) by its alias (`jackson-databind`).
    const colon = name.lastIndexOf(":");
    if (colon !== -1) return tokens.has(normalize(name.slice(colon + 1)));
    if (name.startsWith("libs.")) return tokens.has(normalize(name.slice(5)));
    // A Go module path (`github.com/go-chi/chi/v5`) is also named by its last element, major version aside.
    const goPath = /^[\w-]+\.[\w.-]+\/.+/.test(name) ? name.replace(/\/v\d+$/, "") : undefined;
    const lastElement = goPath?.slice(goPath.lastIndexOf("/") + 1);
    return lastElement !== undefined && tokens.has(normalize(lastElement));
  };
}
