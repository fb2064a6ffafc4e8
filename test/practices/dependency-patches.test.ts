import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import { evaluateDependencyPatches } from "../../src/practices/dependency-patches.js";
import type {
  AlertSeverity,
  AlertsFact,
  SecurityAlert,
  UpdatePullRequest,
} from "../../src/practices/repository-facts.js";
import { known, unknown } from "../../src/practices/types.js";
import { renderMessage } from "../../src/report/escape.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const config = defaultConfig.maintenance.dependency_patches; // max_age 7d; critical 3d, high 7d, medium 30d, low 90d
let next = 1;
const pull = (author: string, days: number): UpdatePullRequest => ({
  number: next++,
  title: "Bump",
  author,
  url: "u",
  createdAt: daysAgo(days),
});
const alert = (severity: AlertSeverity, days: number): SecurityAlert => ({
  number: next++,
  severity,
  packageName: "pkg",
  url: "u",
  createdAt: daysAgo(days),
});
const facts = (pulls: UpdatePullRequest[], alerts: AlertsFact = known([])) => ({
  openPullRequests: known(pulls),
  alerts,
});

describe("dependency-patches practice", () => {
  it.each<[string, ReturnType<typeof facts>, "pass" | "fail", number]>([
    ["nothing open", facts([]), "pass", 0],
    ["a Dependabot PR open 10 days", facts([pull("dependabot[bot]", 10)]), "fail", 1],
    ["a Renovate PR open 8 days", facts([pull("renovate[bot]", 8)]), "fail", 1],
    ["a Dependabot PR open 1 day", facts([pull("dependabot[bot]", 1)]), "pass", 0],
    ["a person's PR open 60 days", facts([pull("mona", 60)]), "pass", 0],
    ["a critical alert open 4 days", facts([], known([alert("critical", 4)])), "fail", 1],
    ["a critical alert open 2 days", facts([], known([alert("critical", 2)])), "pass", 0],
    ["a high alert open 8 days", facts([], known([alert("high", 8)])), "fail", 1],
    ["a medium alert open 20 days", facts([], known([alert("medium", 20)])), "pass", 0],
    ["a low alert open 91 days", facts([], known([alert("low", 91)])), "fail", 1],
    [
      "alerts not readable, but a stale update PR",
      facts([pull("dependabot[bot]", 9)], {
        ok: false,
        forbidden: true,
        reason: "alerts not readable: grant Dependabot alerts read",
      }),
      "fail",
      1,
    ],
  ])("%s → %s", (_situation, input, outcome, staleCount) => {
    const verdict = evaluateDependencyPatches(config, input, NOW);
    expect(verdict.outcome).toBe(outcome);
    expect(verdict.stale).toHaveLength(staleCount);
  });

  it("lists stale items oldest first, alerts and update PRs together", () => {
    const verdict = evaluateDependencyPatches(
      config,
      facts([pull("dependabot[bot]", 10)], known([alert("critical", 12), alert("high", 9)])),
      NOW,
    );
    expect(verdict.stale.map((item) => item.ageDays)).toEqual([12, 10, 9]);
    expect(renderMessage(verdict.summary)).toBe("Stale: 1 update PR older than 7d, 2 alerts past SLA.");
  });

  it("counts open alerts by severity and says when they could not be read", () => {
    const counted = evaluateDependencyPatches(
      config,
      facts([], known([alert("critical", 1), alert("low", 1), alert("low", 2)])),
      NOW,
    );
    expect(counted.openAlerts).toEqual({ critical: 1, high: 0, medium: 0, low: 2 });
    const forbidden = evaluateDependencyPatches(
      config,
      facts([], { ok: false, forbidden: true, reason: "alerts not readable: grant Dependabot alerts read" }),
      NOW,
    );
    expect(forbidden).toMatchObject({
      outcome: "pass",
      openAlerts: null,
      alertsUnavailable: "alerts not readable: grant Dependabot alerts read",
    });
  });

  it("does not pass when the pull requests could not be read", () => {
    const verdict = evaluateDependencyPatches(
      config,
      { openPullRequests: unknown("GitHub answered 500"), alerts: known([]) },
      NOW,
    );
    expect(verdict).toMatchObject({ outcome: "fail", unreadable: "GitHub answered 500" });
  });
});

describe("dependency patches at the boundaries", () => {
  it("an update PR exactly max_age old is not stale yet; a second older is", () => {
    const exactly = evaluateDependencyPatches(config, facts([pull("dependabot[bot]", 7)]), NOW);
    expect(exactly.outcome).toBe("pass");
    const older = { ...pull("dependabot[bot]", 7), createdAt: new Date(daysAgo(7).getTime() - 1000) };
    expect(evaluateDependencyPatches(config, facts([older]), NOW).outcome).toBe("fail");
  });

  it("an alert exactly at its SLA is not past it; a second later it is", () => {
    expect(evaluateDependencyPatches(config, facts([], known([alert("critical", 3)])), NOW).outcome).toBe("pass");
    const later = { ...alert("critical", 3), createdAt: new Date(daysAgo(3).getTime() - 1000) };
    expect(evaluateDependencyPatches(config, facts([], known([later])), NOW).outcome).toBe("fail");
  });
});
