import { type Fact, known, unknown } from "../practices/types.js";
import { mentionsWaiver, type WaiverComment, type WaiverPermission } from "../practices/waivers.js";
import { type CachedGet, describeFailure, httpStatus, type Octokit, type RepoRef, readPages } from "./octokit.js";

/** Pages of comments read per pull request (1,000 comments): a waiver older than that is not seen. */
const MAX_COMMENT_PAGES = 10;
/**
 * Bounds on what one pull request's comments can cost: the newest comments holding commands, and
 * the people GitHub is asked about (one request each). Beyond them a command is not accepted, and
 * its row says why.
 */
const MAX_COMMAND_COMMENTS = 100;
const MAX_PEOPLE_ASKED = 20;

interface IssueComment {
  id: number;
  html_url: string;
  body?: string | null;
  user: { login: string } | null;
  created_at: string;
  updated_at?: string;
}

interface PermissionAnswer {
  permission?: string;
  role_name?: string;
}

/**
 * The pull request's comments that hold waiver commands, each with its author's permission as
 * GitHub states it (`GET /repos/{owner}/{repo}/collaborators/{username}/permission`: `permission`
 * is admin, write, read or none, maintain counting as write; `role_name` names the role). Reads
 * are conditional. `commentCount` (the pull request's `comments`) skips the read when it is 0.
 */
export async function readWaiverComments(
  octokit: Octokit,
  reader: CachedGet,
  pull: RepoRef & { number: number; commentCount?: number },
): Promise<Fact<WaiverComment[]>> {
  if (pull.commentCount === 0) return known([]);
  const repo = { owner: pull.owner, repo: pull.repo };
  let comments: IssueComment[];
  try {
    const listed = await readPages<IssueComment>(
      reader,
      octokit,
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      { ...repo, issue_number: pull.number, per_page: 100 },
      MAX_COMMENT_PAGES,
    );
    comments = listed.items
      .filter((comment) => comment.user && mentionsWaiver(comment.body))
      .slice(-MAX_COMMAND_COMMENTS);
  } catch (error) {
    return unknown(`reading the pull request's comments failed (${describeFailure(error)})`);
  }
  const permissions = new Map<string, Promise<WaiverPermission>>();
  const permissionOf = (login: string) => {
    let known = permissions.get(login);
    if (!known) {
      known =
        permissions.size < MAX_PEOPLE_ASKED
          ? readPermission(octokit, reader, repo, login)
          : Promise.resolve({
              ok: false,
              reason: `more than ${MAX_PEOPLE_ASKED} people wrote waiver commands on this pull request; only the first ${MAX_PEOPLE_ASKED} were asked about`,
            });
      permissions.set(login, known);
    }
    return known;
  };
  return known(
    await Promise.all(
      comments.map(async (comment) => {
        const author = comment.user?.login ?? "";
        return {
          id: comment.id,
          url: comment.html_url,
          author,
          at: comment.updated_at ?? comment.created_at,
          body: comment.body ?? "",
          permission: await permissionOf(author),
        };
      }),
    ),
  );
}

async function readPermission(
  octokit: Octokit,
  reader: CachedGet,
  repo: RepoRef,
  username: string,
): Promise<WaiverPermission> {
  try {
    const answer = await reader.get<PermissionAnswer>(
      octokit,
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      { ...repo, username },
    );
    const permission = answer.permission ?? "none";
    return {
      ok: true,
      canWrite: permission === "admin" || permission === "write",
      role: answer.role_name ?? permission,
    };
  } catch (error) {
    // Not a collaborator (GitHub answers 404 for users it does not know in this repository).
    if (httpStatus(error) === 404) return { ok: true, canWrite: false, role: "none" };
    return { ok: false, reason: describeFailure(error) };
  }
}
