import { MAX_COMMENT_LENGTH, mentionsWaiver, type ParsedCommands } from "../markdown/waiver-commands.js";
import { type Fact, known, unknown } from "../practices/types.js";
import {
  resolveWaivers,
  type WaiverComment,
  type WaiverContext,
  type WaiverPermission,
  type WaiverState,
} from "../practices/waivers.js";
import { type CachedGet, describeFailure, httpStatus, type Octokit, type RepoRef } from "./octokit.js";

/** Comments per page (GitHub's maximum). */
const PER_PAGE = 100;
/** Pages of comments read per pull request, newest first (1,000 comments): older waivers are not seen. */
const MAX_COMMENT_PAGES = 10;
/**
 * Characters of comments parsed per pull request, newest first (about eight comments of GitHub's
 * maximum size): older comments past it are not read, as if beyond the pages read.
 */
const MAX_PARSED_CHARACTERS = 500_000;
/** The people GitHub is asked about per pull request (one request each), newest commands first. */
const MAX_PEOPLE_ASKED = 20;

interface IssueComment {
  id: number;
  html_url: string;
  body?: string | null;
  user: { login: string; type?: string } | null;
  created_at: string;
}

interface PermissionAnswer {
  permission?: string;
  role_name?: string;
}

/** Parses comment bodies' commands (in the worker pool, see parseCommentsIsolated). */
export type ParseComments = (bodies: string[]) => Promise<ParsedCommands[]>;

/**
 * The pull request's newest comments that hold waiver commands, parsed. GitHub lists issue
 * comments oldest first ("Issue comments are ordered by ascending ID", `GET /repos/{owner}/{repo}/
 * issues/{issue_number}/comments`, paged with `page`/`per_page` and a `Link` header), so the read
 * starts at the last page the pull request's `comments` count names, follows `next` to the end
 * (comments written since the count), then goes back a page at a time: a thousand filler comments
 * cannot push a newer `unwaive` out of reach. Without a count, or with more new comments than the
 * pages read, the newest comments are not known to have been seen, and the comments are
 * "unreadable" (no waiver applies).
 */
export async function readWaiverComments(
  octokit: Octokit,
  reader: CachedGet,
  pull: RepoRef & { number: number; commentCount?: number },
  parse: ParseComments,
): Promise<Fact<WaiverComment[]>> {
  if (pull.commentCount === 0) return known([]);
  const route = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
  const parameters = { owner: pull.owner, repo: pull.repo, issue_number: pull.number, per_page: PER_PAGE };
  const lastPage = Math.max(1, Math.ceil((pull.commentCount ?? 0) / PER_PAGE));
  const pages: IssueComment[][] = [];
  try {
    let page = await reader.getPage<IssueComment[]>(octokit, route, { ...parameters, page: lastPage });
    pages.push(page.data);
    while (page.next) {
      if (pages.length >= MAX_COMMENT_PAGES)
        return unknown(
          `the pull request has more than ${MAX_COMMENT_PAGES * PER_PAGE} comments since it was counted; the newest were not read`,
        );
      page = await reader.getPage<IssueComment[]>(octokit, `GET ${page.next}`, {});
      pages.push(page.data);
    }
    for (let number = lastPage - 1; number >= 1 && pages.length < MAX_COMMENT_PAGES; number--) {
      pages.push((await reader.getPage<IssueComment[]>(octokit, route, { ...parameters, page: number })).data);
    }
  } catch (error) {
    return unknown(`reading the pull request's comments failed (${describeFailure(error)})`);
  }
  const unique = new Map(pages.flat().map((comment) => [comment.id, comment]));
  const newestFirst = [...unique.values()]
    .filter((comment) => comment.user && mentionsWaiver(comment.body))
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
  const holding: IssueComment[] = [];
  let characters = 0;
  for (const comment of newestFirst) {
    characters += Math.min(comment.body?.length ?? 0, MAX_COMMENT_LENGTH);
    if (characters > MAX_PARSED_CHARACTERS) break;
    holding.push(comment);
  }
  let parsed: ParsedCommands[];
  try {
    parsed = await parse(holding.map((comment) => comment.body ?? ""));
  } catch (error) {
    return unknown(`reading the commands in the comments failed (${describeFailure(error)})`);
  }
  return known(
    holding.flatMap((comment, index) => {
      const commands = parsed[index];
      if (!commands || (commands.commands.length === 0 && commands.dropped === 0)) return [];
      return [
        {
          id: comment.id,
          url: comment.html_url,
          author: comment.user?.login ?? "",
          authorType: comment.user?.type ?? "unknown",
          createdAt: comment.created_at,
          parsed: commands,
        },
      ];
    }),
  );
}

/**
 * The waivers in force: resolves the commands newest first, asking GitHub about the permission of
 * only the authors whose answer decides (`GET /repos/{owner}/{repo}/collaborators/{username}/
 * permission`: `permission` is admin, write, read or none, maintain counting as write; `role_name`
 * names the role), at most MAX_PEOPLE_ASKED per pull request. Past that, an author's permission
 * counts as not answered: a waive is not accepted, an unwaive still takes the waiver back.
 */
export async function waiversInForce(
  octokit: Octokit,
  reader: CachedGet,
  repo: RepoRef,
  comments: readonly WaiverComment[],
  context: WaiverContext,
): Promise<WaiverState> {
  const permissions = new Map<string, WaiverPermission>();
  let asked = 0;
  for (;;) {
    const { state, ask } = resolveWaivers(comments, context, permissions);
    if (ask.length === 0) return state;
    await Promise.all(
      ask.map(async (login) => {
        if (asked >= MAX_PEOPLE_ASKED) {
          permissions.set(login, {
            ok: false,
            reason: `more than ${MAX_PEOPLE_ASKED} people's permissions would be needed; only the ${MAX_PEOPLE_ASKED} with the newest commands were asked about`,
          });
          return;
        }
        asked++;
        permissions.set(login, await readPermission(octokit, reader, repo, login));
      }),
    );
  }
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
      { owner: repo.owner, repo: repo.repo, username },
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
