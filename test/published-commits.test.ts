import { describe, expect, it } from "vitest";
import { PublishedCommits } from "../src/github/published-commits.js";

const REPO = { owner: "acme", repo: "payments" };
const SHA = "a".repeat(40);
const CLOCK = "Wed, 02 Dec 2026 10:00:00 GMT";
const at = (seconds: number) => new Date(Date.parse(CLOCK) + seconds * 1_000).toISOString();

describe("the commits a process wrote its run on", () => {
  it("knows nothing before it reads GitHub's clock", () => {
    expect(new PublishedCommits().hasNoRun(REPO, SHA, at(3_600))).toBe(false);
  });

  it("knows a commit has no run once the pull request was opened a whole second after the clock read", () => {
    const commits = new PublishedCommits();
    commits.clock()(CLOCK);
    // The Date header counts whole seconds: within the next second the answer may be later than it says.
    expect(commits.hasNoRun(REPO, SHA, at(0))).toBe(false);
    expect(commits.hasNoRun(REPO, SHA, at(0.999))).toBe(false);
    expect(commits.hasNoRun(REPO, SHA, at(1))).toBe(true);
    expect(commits.hasNoRun(REPO, SHA, "not a date")).toBe(false);
  });

  it("keeps the first clock reading: a later one does not move the horizon", () => {
    const commits = new PublishedCommits();
    commits.clock()(CLOCK);
    commits.clock()("Wed, 02 Dec 2026 11:00:00 GMT");
    expect(commits.hasNoRun(REPO, SHA, at(60))).toBe(true);
  });

  it("ignores an answer without a readable Date header", () => {
    const commits = new PublishedCommits();
    commits.clock()(undefined);
    commits.clock()("yesterday-ish");
    expect(commits.hasNoRun(REPO, SHA, at(60))).toBe(false);
    commits.clock()(CLOCK);
    expect(commits.hasNoRun(REPO, SHA, at(60))).toBe(true);
  });

  it("looks on a commit it wrote on, whatever the case of its names", () => {
    const commits = new PublishedCommits();
    commits.clock()(CLOCK);
    commits.record({ owner: "Acme", repo: "Payments" }, SHA.toUpperCase());
    expect(commits.hasNoRun(REPO, SHA, at(60))).toBe(false);
    expect(commits.hasNoRun({ owner: "acme", repo: "billing" }, SHA, at(60))).toBe(true);
  });

  it("forgets its horizon when it forgets a commit, and takes no clock reading begun before that", () => {
    const commits = new PublishedCommits(2);
    const begunBefore = commits.clock();
    commits.record(REPO, "1".repeat(40));
    commits.record(REPO, "2".repeat(40));
    commits.record(REPO, "3".repeat(40)); // the first is forgotten
    begunBefore(CLOCK);
    expect(commits.hasNoRun(REPO, "1".repeat(40), at(60))).toBe(false);
    commits.clock()(CLOCK);
    // Read again after the loss: the forgotten commit is as unknown as any, and the opening is later.
    expect(commits.hasNoRun(REPO, SHA, at(60))).toBe(true);
  });
});
