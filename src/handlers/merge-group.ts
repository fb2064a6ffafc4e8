import type { Context } from "probot";
import { publishCheckRun } from "../github/check-run.js";
import { loadConfig } from "../github/config-loader.js";
import { describeFailure, uncachedGet } from "../github/octokit.js";
import { readShipshapeRun } from "../github/repository-facts.js";
import type { Conclusion } from "../practices/evaluate.js";
import { type QueuedPullResult, renderMergeGroup } from "../report/check-run.js";
import {
  type CheckServices,
  checkPullRequest,
  ownAppId,
  type PullRequestLike,
  subjectOf,
} from "./check-pull-request.js";

/**
 * The pull requests a merge group's branch names. GitHub names the branch
 * `gh-readonly-queue/{base}/pr-{number}-{base sha}` (webhook `merge_group`: `head_ref`), one per
 * queued pull request; pull requests ahead of it in the queue have their own groups and runs.
 */
export function queuedPullNumbers(headRef: string): number[] {
  const match = /(?:^|\/)gh-readonly-queue\/.+\/pr-(\d+)-[0-9a-f]+$/.exec(headRef);
  return match?.[1] ? [Number(match[1])] : [];
}

const CONCLUSIONS = new Set(["success", "failure", "neutral", "skipped"]);

/**
 * `merge_group.checks_requested`: a repository that requires the Shipshape check and uses a
 * merge queue waits for it on the group's commit. Reported at once, from the queued pull
 * requests' own runs (judging one that has none). Only runs this app created count (see
 * readShipshapeRun): a `Shipshape` run made by a workflow or another app is nobody's verdict.
 */
export function onMergeGroupChecksRequested(services: CheckServices) {
  return async (context: Context<"merge_group.checks_requested">): Promise<void> => {
    const group = context.payload.merge_group;
    const repo = context.repo();
    const loaded = await loadConfig(context.octokit, repo, services.reader);
    if (loaded.kind === "absent") return;
    const log = context.log.child({ repo: `${repo.owner}/${repo.repo}`, mergeGroup: group.head_sha.slice(0, 7) });

    const appId = await ownAppId(context, services);
    const queued: QueuedPullResult[] = [];
    for (const number of queuedPullNumbers(group.head_ref)) {
      queued.push(await queuedPullResult(context, services, number, appId));
    }
    const output = renderMergeGroup(queued);
    const target = { ...repo, headSha: group.head_sha, appId };
    // Without the app's id no run can be told to be ours: a new one is created (never another's updated).
    const existingRun =
      appId === undefined
        ? null
        : await readShipshapeRun({ octokit: context.octokit, reader: uncachedGet, repo }, group.head_sha, appId);
    const existing = existingRun
      ? {
          id: existingRun.id,
          externalId: existingRun.external_id,
          conclusion: existingRun.conclusion,
          title: null,
          summary: null,
          text: null,
        }
      : null;
    services.publishedCommits?.record(repo, group.head_sha);
    const { result } = await publishCheckRun(context.octokit, target, existing, output, { sleep: services.sleep, log });
    log.info({ conclusion: output.conclusion, result, queued: queued.length }, "merge group check run %s", result);
  };
}

async function queuedPullResult(
  context: Context,
  services: CheckServices,
  number: number,
  appId: number | undefined,
): Promise<QueuedPullResult> {
  const repo = context.repo();
  try {
    const { data } = await context.octokit.rest.pulls.get({ ...repo, pull_number: number });
    const pull = data as PullRequestLike;
    const run = await readShipshapeRun(
      { octokit: context.octokit, reader: services.reader, repo },
      pull.head.sha,
      appId,
    );
    if (run?.conclusion && CONCLUSIONS.has(run.conclusion)) {
      return { number, conclusion: run.conclusion as Conclusion | "skipped" };
    }
    // Never judged (queued before Shipshape was configured, or a lost delivery): judge it now.
    await checkPullRequest(context, subjectOf(repo, pull), services);
    const conclusion = await services.cache.conclusionAt(repo, pull.head.sha);
    return conclusion && CONCLUSIONS.has(conclusion)
      ? { number, conclusion: conclusion as Conclusion | "skipped" }
      : { number, conclusion: null, problem: "its own check could not be published" };
  } catch (error) {
    return { number, conclusion: null, problem: `reading it failed: ${describeFailure(error)}` };
  }
}
