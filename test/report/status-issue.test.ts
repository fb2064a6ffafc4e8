import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import { evaluateDependencyPatches } from "../../src/practices/dependency-patches.js";
import { evaluateSprintReview } from "../../src/practices/sprint-review.js";
import { known } from "../../src/practices/types.js";
import { decodeOutcomes } from "../../src/report/check-run.js";
import { renderStatusIssue } from "../../src/report/status-issue.js";

const NOW = new Date("2026-11-25T12:00:00Z");

describe("the status issue", () => {
  const sprint = evaluateSprintReview(
    defaultConfig.cadence.sprint_review,
    {
      evidence: known([
        {
          kind: "milestone",
          title: "Sprint <41>",
          url: "https://ghe/acme/api/milestone/1",
          at: new Date("2026-11-20T00:00:00Z"),
        },
      ]),
      watchingSince: null,
    },
    NOW,
  );
  const patches = evaluateDependencyPatches(
    defaultConfig.maintenance.dependency_patches,
    {
      openPullRequests: known([]),
      alerts: { ok: false, forbidden: true, reason: "alerts not readable: grant Dependabot alerts read" },
    },
    NOW,
  );
  const history = [
    {
      n: 1,
      at: "2026-11-10T10:00:00Z",
      r: { tests: "pass", staging: "fail", rollback: "pass", requirements: "pass", dependencies: "skip" },
    },
    {
      n: 2,
      at: "2026-11-18T10:00:00Z",
      r: { tests: "pass", staging: "pass", rollback: "pass", requirements: "fail", dependencies: "skip" },
    },
  ] as const;

  it("shows practices, cadence, maintenance, open PRs and the trend", () => {
    const body = renderStatusIssue({
      repo: "acme/api",
      sprint,
      patches,
      openPulls: [
        { number: 7, title: "@team <b>x</b> | y", url: "https://ghe/acme/api/pull/7", conclusion: "failure" },
      ],
      history: history.map((record) => ({ ...record, r: { ...record.r } })),
      lapseIssues: [],
    });
    expect(body.startsWith("<!-- shipshape:status -->")).toBe(true);
    expect(body).toContain("| ❌ | Staging before merge | 1 of the last 2 merged PRs met it (50 %) |");
    expect(body).toContain("| ✅ | Tests with code | 2 of the last 2 merged PRs met it (100 %) |");
    expect(body).toContain("- Next review due: 2026-12-04");
    expect(body).toContain("- Open Dependabot alerts: alerts not readable: grant Dependabot alerts read");
    expect(body).toContain("| [#7](https://ghe/acme/api/pull/7) @\u200bteam &lt;b&gt;x&lt;/b&gt; \\| y | ❌ failure |");
    // Tests, staging, rollback, requirements, dependencies; a week with nothing judged is a gap.
    expect(body).toContain("| 2026-11-09 | 1 | 100 % | 0 % | 100 % | 100 % | — |");
    expect(body).toContain("| 2026-11-16 | 1 | 100 % | 100 % | 100 % | 0 % | — |");
    expect(body).toContain("| 2026-11-02 | 0 | — | — | — | — | — |");
    expect(body).toContain("| ➖ | Justified dependencies | no merged pull request it applied to yet |");
    expect(body).not.toMatch(/<b>|@team/);
  });

  it("shows a practice that is off as off, not as met, and leaves it out of the trend", () => {
    const body = renderStatusIssue({
      repo: "acme/api",
      openPulls: null,
      history: history.map((record) => ({ ...record, r: { ...record.r, staging: "skip" as const } })),
      lapseIssues: [],
      practicesOff: ["staging"],
    });
    expect(body).toContain("| ➖ | Staging before merge | off (`pull_requests.staging.enforcement`) |");
    expect(body).not.toContain("Staging before merge | 2 of");
    expect(body).toContain("| Week of | Merged | Tests with code | Rollback notes |");
  });

  it("puts a config error first", () => {
    const body = renderStatusIssue({
      repo: "acme/api",
      configProblems: [
        {
          file: ".github/shipshape.yml",
          line: 3,
          column: 5,
          key: "pull_requests.tests.enforcment",
          message: 'unknown key, did you mean "enforcement"?',
        },
      ],
      openPulls: null,
      history: [],
      lapseIssues: [],
    });
    expect(body).toContain("**The Shipshape configuration is invalid**");
    expect(body.indexOf("configuration is invalid")).toBeLessThan(body.indexOf("| Practice |"));
    expect(body).toContain("`.github/shipshape.yml:3:5`");
  });

  it("reads back the outcomes a check run carries", () => {
    expect(decodeOutcomes("shipshape:v1:tests=pass,staging=fail,bogus=pass,rollback=maybe")).toEqual({
      tests: "pass",
      staging: "fail",
    });
    expect(decodeOutcomes("shipshape:skipped")).toBeUndefined();
    expect(decodeOutcomes(null)).toBeUndefined();
  });
});
