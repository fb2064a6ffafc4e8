import { z } from "zod";
import { durationProblem } from "./duration.js";
import { DEFAULT_SOURCE_GLOBS, DEFAULT_TEST_GLOBS } from "./ecosystem-defaults.js";
import { MAX_FREEZE_WINDOWS, parseFreezeWindow, timezoneProblem } from "./freeze.js";
import { patternProblem } from "./patterns.js";

/** A duration such as `36h`, `14d` or `2w`: a number and a unit (see durationProblem). */
export const durationSchema = z.string().superRefine((value, context) => {
  const problem = durationProblem(value);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

/** Bounds on configured globs: each is matched against up to 3,000 file names per evaluation. */
export const MAX_GLOBS = 200;
export const MAX_GLOB_LENGTH = 256;
/** `*` wildcards within one path segment: each one multiplies the worst-case matching cost. */
export const MAX_SEGMENT_WILDCARDS = 3;

const glob = z
  .string()
  .min(1)
  .max(MAX_GLOB_LENGTH)
  .refine(
    (value) =>
      value
        .split("/")
        .every((segment) => segment === "**" || (segment.match(/\*/g)?.length ?? 0) <= MAX_SEGMENT_WILDCARDS),
    `may have at most ${MAX_SEGMENT_WILDCARDS} * wildcards between two slashes (** as a whole segment aside)`,
  );
const globList = z.array(glob).max(MAX_GLOBS);

/** null: the deployable code (tests.source plus migrations and deployment files); []: always. */
const deployablePaths = globList.nullable().default(null);

const enforcement = z
  .enum(["off", "warn", "error"])
  .describe("off: not checked; warn: a failure gives a neutral conclusion; error: a failure fails the check");

const onOff = z.enum(["on", "off"]);

const testsSchema = z
  .strictObject({
    /** How a failure is reported. */
    enforcement: enforcement.default("error"),
    /** Globs of source files whose changes need accompanying test changes; `!glob` excludes. */
    source: globList
      .default([...DEFAULT_SOURCE_GLOBS])
      .describe("Globs of source files (a later !glob excludes); defaults follow common ecosystems"),
    /** Globs of test files; a file matching these is a test even where it matches `source`. */
    tests: globList
      .default([...DEFAULT_TEST_GLOBS])
      .describe("Globs of test files (a later !glob excludes); defaults follow common ecosystems"),
  })
  .describe("Source changes come with test changes");

const stagingSchema = z
  .strictObject({
    /** How a failure is reported. */
    enforcement: enforcement.default("error"),
    /** Only require staging when files matching these globs change; null: deployable code. */
    paths: deployablePaths.describe(
      "Only require it when these paths change; null = deployable code (tests.source, migrations, deployment files); [] = always",
    ),
    /** Deployment environments (globs) whose successful deployment of the head commit counts. */
    environments: globList.default(["staging", "staging-*", "preview*"]).describe("Deployment environment globs"),
    /** Check-run or commit-status names (globs) whose success proves a staging deploy. */
    checks: globList.default([]).describe("Check-run / commit-status name globs"),
  })
  .describe("The head commit was deployed to staging successfully");

const rollbackSchema = z
  .strictObject({
    /** How a failure is reported. */
    enforcement: enforcement.default("error"),
    /** The PR-body heading of the rollback section (any level, case-insensitive). */
    heading: z.string().min(1).default("Rollback").describe("PR-body heading of the rollback section"),
    /** Characters the section needs after template text is removed. */
    min_length: z.number().int().min(1).max(10_000).default(15).describe("Minimum characters of real text"),
    /** Only require a rollback section when files matching these globs change; null: deployable code. */
    paths: deployablePaths.describe(
      "Only require it when these paths change; null = deployable code (tests.source, migrations, deployment files); [] = always",
    ),
  })
  .describe("The PR describes how to roll back");

const requirementsSchema = z
  .strictObject({
    /** How a failure is reported. */
    enforcement: enforcement.default("warn"),
    /** A regular expression for tracker keys such as JIRA-123; issue links always count. */
    key_pattern: z
      .string()
      .min(1)
      .superRefine((pattern, context) => {
        const problem = patternProblem(pattern);
        if (problem) context.addIssue({ code: "custom", message: problem });
      })
      .nullable()
      .default(null)
      .describe("Regular expression for tracker keys, e.g. [A-Z][A-Z0-9]+-\\d+"),
  })
  .describe("The PR links a requirement");

const dependenciesSchema = z
  .strictObject({
    /** How a failure is reported. */
    enforcement: enforcement.default("warn"),
    /** The PR-body heading of the section that justifies new dependencies. */
    heading: z.string().min(1).default("Dependencies").describe("PR-body heading that justifies new dependencies"),
    /** Globs of decision records; adding one in the PR justifies its new dependencies. */
    decision_records: globList.default(["docs/adr/**", "docs/decisions/**"]).describe("Decision-record globs"),
  })
  .describe("New dependencies are justified");

const pullRequestsSchema = z
  .strictObject({
    /** Authors (logins) whose pull requests are not checked. */
    skip_authors: z.array(z.string()).default(["dependabot[bot]", "renovate[bot]"]).describe("Exempt authors"),
    /** Labels that exempt a pull request from the checks. */
    skip_labels: z.array(z.string()).default(["shipshape:skip"]).describe("Exempting labels"),
    tests: testsSchema.prefault({}),
    staging: stagingSchema.prefault({}),
    rollback: rollbackSchema.prefault({}),
    requirements: requirementsSchema.prefault({}),
    dependencies: dependenciesSchema.prefault({}),
  })
  .describe("Practices checked on every pull request");

const sprintReviewSchema = z
  .strictObject({
    /** Whether the cadence is watched. */
    enforcement: onOff.default("on"),
    /** A review is due this often. */
    every: durationSchema.default("14d").describe("A review is due this often"),
    /** Slack after the due date before the cadence counts as lapsed. */
    grace: durationSchema.default("2d").describe("Slack after the due date"),
    evidence: z
      .strictObject({
        /** A closed milestone counts as a review. */
        milestones: z.boolean().default(true).describe("A closed milestone counts as a review"),
        /** An issue with one of these labels, opened or closed, counts as a review. */
        labels: z.array(z.string()).default(["sprint-review"]).describe("Labels of review issues"),
      })
      .prefault({}),
    /** Logins the lapse issue is assigned to. */
    assignees: z.array(z.string()).default([]).describe("Assignees of the lapse issue"),
  })
  .describe("A sprint review happens within every N days");

const alertSlaSchema = z
  .strictObject({
    critical: durationSchema.default("3d"),
    high: durationSchema.default("7d"),
    medium: durationSchema.default("30d"),
    low: durationSchema.default("90d"),
  })
  .describe("How long an open Dependabot alert of each severity may stay open");

const dependencyPatchesSchema = z
  .strictObject({
    /** Whether stale update PRs and alerts are watched. */
    enforcement: onOff.default("on"),
    /** Authors of dependency update PRs. */
    update_authors: z.array(z.string()).default(["dependabot[bot]", "renovate[bot]"]).describe("Update-PR authors"),
    /** Open update PRs older than this are stale. */
    max_age: durationSchema.default("7d").describe("Open update PRs older than this are stale"),
    alert_sla: alertSlaSchema.prefault({}),
    /** Logins the lapse issue is assigned to. */
    assignees: z.array(z.string()).default([]).describe("Assignees of the lapse issue"),
  })
  .describe("Dependency patches and security alerts do not go stale");

const statusIssueSchema = z
  .strictObject({
    /** Whether the status issue is kept. */
    enabled: z.boolean().default(true),
    /** Title of the status issue. */
    title: z.string().min(1).max(256).default("Shipshape: delivery practices status"),
    /** Labels of the status issue and lapse issues. */
    labels: z.array(z.string().min(1)).default(["shipshape"]),
  })
  .describe("The per-repository status issue");

const outcomesSchema = z
  .strictObject({
    /** Whether the status issue shows delivery outcomes (and the rollup their figures). */
    enabled: z.boolean().default(true).describe("Show delivery outcomes (DORA) in the status issue"),
    /** Deployment environments (globs) that are production. */
    production: globList
      .default(["production", "prod", "prod-*"])
      .describe("Globs of the deployment environments that are production"),
    /** The span the figures are computed over. */
    window: durationSchema.default("30d").describe("The span the figures are computed over"),
    /** A rollback or revert this soon after a deployment makes it a change failure. */
    failure_window: durationSchema
      .default("24h")
      .describe("A rollback or revert within this long after a deployment makes it a change failure"),
  })
  .describe("Delivery outcomes: deployment frequency, lead time, change failure rate, time to restore");

const freezeWindow = z.string().superRefine((value, context) => {
  const parsed = parseFreezeWindow(value);
  if (!parsed.ok) context.addIssue({ code: "custom", message: parsed.problem });
});

const gateSchema = z
  .strictObject({
    /** The environments (globs) the gate judges; null: those of `outcomes.production`. Others are approved. */
    environments: globList
      .nullable()
      .default(null)
      .describe("Globs of the environments the gate judges; null = outcomes.production; others are approved"),
    /** The deployed commit reached `success` on a staging environment first. */
    staged: enforcement.default("error").describe("The deployed commit reached success on a staging environment first"),
    /** Every pull request the deployment ships met its error-level practices or had them waived. */
    practices: enforcement
      .default("error")
      .describe("Every pull request the deployment ships met its error-level practices or had them waived"),
    /** Deploy freeze windows: `Fri 16:00 - Mon 08:00` (weekly) or `2026-12-23 - 2027-01-02` (dates, inclusive). */
    freeze: z
      .array(freezeWindow)
      .max(MAX_FREEZE_WINDOWS)
      .default([])
      .describe("Deploy freeze windows: weekly `Fri 16:00 - Mon 08:00` or dates `2026-12-23 - 2027-01-02` (inclusive)"),
    /** How the freeze rule is enforced while a window is open. */
    freeze_enforcement: enforcement.default("error").describe("How a deployment inside a freeze window is answered"),
    /** The IANA time zone of the freeze windows. */
    timezone: z
      .string()
      .superRefine((zone, context) => {
        const problem = timezoneProblem(zone);
        if (problem) context.addIssue({ code: "custom", message: problem });
      })
      .default("UTC")
      .describe("IANA time zone of the freeze windows, e.g. Europe/Berlin"),
    /** How recent the staging success must be. */
    staged_within: durationSchema.default("7d").describe("How recent the staging success must be"),
    /** Staging environments (globs); null: `pull_requests.staging.environments`. */
    staging_environments: globList
      .nullable()
      .default(null)
      .describe("Globs of staging environments; null = pull_requests.staging.environments"),
  })
  .describe("The safe-launch gate: Shipshape as a custom deployment protection rule");

const waiversSchema = z
  .strictObject({
    /** Whether a waiver holds for commits pushed after it; by default a push asks for it again. */
    keep_on_push: z
      .boolean()
      .default(false)
      .describe("A waiver holds for commits pushed after it (by default a push asks for it again)"),
    /** Whether a pull request's author may waive a practice on their own pull request. */
    allow_self: z
      .boolean()
      .default(false)
      .describe("The pull request's author may waive a practice on their own pull request"),
  })
  .describe("Waivers given with `/shipshape waive <practice> <reason>` comments");

/** The whole `.github/shipshape.yml`. Every key is optional; defaults live here. */
export const configSchema = z
  .strictObject({
    /** Where this file inherits from: `repo`, `owner/repo` or `owner/repo:path.yml`. */
    _extends: z.string().optional().describe("Inherit from another repository's config"),
    pull_requests: pullRequestsSchema.prefault({}),
    cadence: z.strictObject({ sprint_review: sprintReviewSchema.prefault({}) }).prefault({}),
    maintenance: z.strictObject({ dependency_patches: dependencyPatchesSchema.prefault({}) }).prefault({}),
    status_issue: statusIssueSchema.prefault({}),
    outcomes: outcomesSchema.prefault({}),
    gate: gateSchema.prefault({}),

    waivers: waiversSchema.prefault({}),
  })
  .describe("Shipshape configuration (.github/shipshape.yml)");

export type ShipshapeConfig = z.output<typeof configSchema>;
export type PullRequestsConfig = ShipshapeConfig["pull_requests"];
export type Enforcement = z.output<typeof enforcement>;
export type GateConfig = ShipshapeConfig["gate"];

/** The defaults, as a repository with an empty config file gets them. */
export const defaultConfig: ShipshapeConfig = configSchema.parse({});
