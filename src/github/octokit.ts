import type { Context } from "probot";

/** The installation-authenticated client Probot hands to every handler. */
export type Octokit = Context["octokit"];

export interface RepoRef {
  owner: string;
  repo: string;
}

/** The HTTP status of an Octokit error, if it has one. */
export function httpStatus(error: unknown): number | undefined {
  if (error && typeof error === "object" && "status" in error && typeof error.status === "number") {
    return error.status;
  }
  return undefined;
}

/** A short, user-facing description of why a request failed. */
export function describeFailure(error: unknown): string {
  const status = httpStatus(error);
  if (status === 403) return "GitHub answered 403 (missing permission or rate limit)";
  if (status === 404) return "GitHub answered 404 (not found or not accessible)";
  if (status !== undefined) return `GitHub answered ${status}`;
  return error instanceof Error ? error.message : String(error);
}

/** One page of a list, and the URL of the next one (from the `Link` header) when there is one. */
export interface Page<T> {
  data: T;
  next: string | undefined;
}

/** A GET that may be answered from a cache of conditional requests (see ConditionalReader). */
export interface CachedGet {
  get<T>(octokit: Octokit, route: string, parameters: Record<string, unknown>): Promise<T>;
  /** `route` may be a full URL taken from a `Link` header (`GET https://…`). */
  getPage<T>(octokit: Octokit, route: string, parameters: Record<string, unknown>): Promise<Page<T>>;
}

/** A CachedGet that always asks GitHub: for reads that must see the very latest state. */
export const uncachedGet: CachedGet = {
  get: async <T>(octokit: Octokit, route: string, parameters: Record<string, unknown>) =>
    (await octokit.request(route, parameters)).data as T,
  getPage: async <T>(octokit: Octokit, route: string, parameters: Record<string, unknown>) => {
    const response = await octokit.request(route, parameters);
    return { data: response.data as T, next: nextPageUrl(response.headers.link) };
  },
};

/** The `rel="next"` URL of a `Link` header (page numbers or `after=` cursors alike). */
export function nextPageUrl(link: string | undefined): string | undefined {
  return link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
}

/** Items read from a list, and whether the list ended before the page cap. */
export interface Listed<T> {
  items: T[];
  /** False when `maxPages` pages were read and GitHub said more exist. */
  complete: boolean;
}

/**
 * Reads a list page by page through `Link` headers, up to `maxPages` pages, or until `enough`
 * says a page reached what the caller needs (a sorted list's oldest item past a date). Each page
 * is a conditional read when the reader caches, so an unchanged list costs 304s.
 */
export async function readPages<T>(
  reader: CachedGet,
  octokit: Octokit,
  route: string,
  parameters: Record<string, unknown>,
  maxPages: number,
  enough: (page: readonly T[]) => boolean = () => false,
): Promise<Listed<T>> {
  const items: T[] = [];
  let page = await reader.getPage<T[]>(octokit, route, parameters);
  for (let read = 1; ; read++) {
    items.push(...page.data);
    if (!page.next || enough(page.data)) return { items, complete: true };
    if (read >= maxPages) return { items, complete: false };
    page = await reader.getPage<T[]>(octokit, `GET ${page.next}`, {});
  }
}

/** The path names a directory or a submodule, not a file. */
export class NotAFileError extends Error {
  constructor(readonly location: string) {
    super(`${location} is a directory or a submodule, not a file`);
  }
}

function isEncodedFile(data: unknown): data is { content: string } {
  return (
    typeof data === "object" &&
    data !== null &&
    "content" in data &&
    typeof data.content === "string" &&
    "encoding" in data &&
    data.encoding === "base64"
  );
}

/** The largest file Shipshape reads (configs, manifests, templates, decision records). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** The file is larger than Shipshape reads. */
export class FileTooLargeError extends Error {
  constructor(
    readonly location: string,
    readonly bytes: number | undefined,
  ) {
    super(`${location} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  }
}

/**
 * Reads a file's text through the contents API's JSON form, null when it does not exist. The JSON
 * form says the file's `size` and, for files over 1 MB, carries no content at all (`encoding:
 * "none"`, "Get repository content": "Between 1-100 MB: … the content field will be an empty
 * string"), so a 100 MB file in a pull request is never downloaded. A server that answers with
 * the raw text instead is read as it is, up to the same size.
 */
export async function readRepositoryFile(
  octokit: Octokit,
  { owner, repo, path, ref }: RepoRef & { path: string; ref?: string },
  reader: CachedGet = uncachedGet,
): Promise<string | null> {
  const location = `${owner}/${repo}:${path}`;
  let data: unknown;
  try {
    data = await reader.get(octokit, "GET /repos/{owner}/{repo}/contents/{path}", {
      owner,
      repo,
      path,
      ...(ref ? { ref } : {}),
    });
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
  if (typeof data === "string" || data instanceof ArrayBuffer) {
    const text = typeof data === "string" ? data : Buffer.from(data).toString("utf8");
    if (Buffer.byteLength(text, "utf8") > MAX_FILE_BYTES) throw new FileTooLargeError(location, text.length);
    return text;
  }
  const size = typeof (data as { size?: unknown })?.size === "number" ? (data as { size: number }).size : undefined;
  if ((size !== undefined && size > MAX_FILE_BYTES) || (data as { encoding?: unknown })?.encoding === "none") {
    throw new FileTooLargeError(location, size);
  }
  if (isEncodedFile(data)) return Buffer.from(data.content, "base64").toString("utf8");
  // A directory or submodule answers with JSON metadata instead of a file.
  throw new NotAFileError(location);
}
