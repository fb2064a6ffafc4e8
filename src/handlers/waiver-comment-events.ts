import type { Context } from "probot";
import { httpStatus } from "../github/octokit.js";
import { mentionsWaiver } from "../markdown/waiver-commands.js";
import {
  type CheckServices,
  type CheckSubject,
  checkPullRequest,
  type PullRequestLike,
  subjectOf,
} from "./check-pull-request.js";

/** A waiver is given by writing, editing or deleting a pull-request comment. */
export const WAIVER_COMMENT_ACTIONS = [
  "issue_comment.created",
  "issue_comment.edited",
  "issue_comment.deleted",
] as const;

/**
 * Re-judges a pull request when one of its comments gains, changes or loses a waiver command.
 * Other comments cost nothing. The check reads the comments (the record of every waiver) and asks
 * GitHub for the permission of each author who wrote a command; the pull request's head commit is
 * read too unless this process judged the pull request minutes ago and sees every webhook.
 */
export function onWaiverComment(services: CheckServices) {
  return async (context: Context<"issue_comment">): Promise<void> => {
    const { issue, comment } = context.payload;
    if (!issue.pull_request || issue.state === "closed") return;
    const changes = (context.payload as { changes?: { body?: { from?: string } } }).changes;
    if (!mentionsWaiver(comment.body) && !mentionsWaiver(changes?.body?.from)) return;
    const subject = knownSubject(context, services) ?? (await readSubject(context));
    if (!subject) return;
    await checkPullRequest(context, subject, services, { fresh: true, waiversOnly: true });
  };
}

/**
 * The pull request as this process last judged it, with the title and body the comment's payload
 * carries: only when this process receives every webhook, so that a push since (a
 * `pull_request.synchronize` it would have handled) cannot have moved the head unseen.
 */
function knownSubject(context: Context<"issue_comment">, services: CheckServices): CheckSubject | undefined {
  if (!services.soleReplica) return undefined;
  const { issue } = context.payload;
  const known = services.cache.pullRequest(context.repo(), issue.number) as CheckSubject | undefined;
  if (!known) return undefined;
  return { ...known, title: issue.title, body: issue.body ?? "", commentCount: issue.comments };
}

/** The pull request's head commit, which the comment payload does not carry: one read. */
async function readSubject(context: Context<"issue_comment">): Promise<CheckSubject | undefined> {
  try {
    const { data } = await context.octokit.rest.pulls.get({
      ...context.repo(),
      pull_number: context.payload.issue.number,
    });
    const pull = data as PullRequestLike;
    return pull.state === "closed" ? undefined : subjectOf(context.repo(), pull);
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}
