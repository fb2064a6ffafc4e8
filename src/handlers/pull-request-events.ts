import type { Context } from "probot";
import { type CheckServices, checkPullRequest, type PullRequestLike, subjectOf } from "./check-pull-request.js";

/** The pull_request actions after which the practices may have changed. */
export const PULL_REQUEST_CHECK_ACTIONS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.edited",
  "pull_request.ready_for_review",
  "pull_request.labeled",
  "pull_request.unlabeled",
] as const;

export function onPullRequestChanged(services: CheckServices) {
  return async (context: Context<"pull_request">): Promise<void> => {
    const pr = context.payload.pull_request as PullRequestLike;
    if (pr.state === "closed") return;
    const opened = context.payload.action === "opened" && typeof pr.created_at === "string";
    await checkPullRequest(context, subjectOf(context.repo(), pr), services, opened ? { openedAt: pr.created_at } : {});
  };
}
