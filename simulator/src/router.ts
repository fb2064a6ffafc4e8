import type { IncomingHttpHeaders } from "node:http";
import type { SimRepository } from "./store.js";

export interface SimRequest {
  method: string;
  /** The path below the API prefix, e.g. `/repos/acme/api/pulls`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  params: Record<string, string>;
  /** Set for requests authenticated with an installation token. */
  installationId?: number;
  /** Set for routes under /repos/:owner/:repo that the installation may see. */
  repository?: SimRepository;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A list the router pages through with `per_page`, `page` and a `Link` header, like GitHub. */
export interface PagedList {
  list: unknown[];
  /** Wraps a page, e.g. `{ total_count, check_runs: page }`; the bare array when absent. */
  wrap?: (page: unknown[]) => unknown;
  /**
   * Each item's cursor, for routes GitHub pages with `before`/`after` cursors instead of `page`
   * ("Using pagination in the REST API": the `Link` header then carries `after=` / `before=`).
   */
  cursor?: string[];
}

export type Handler = (request: SimRequest) => SimResponse | PagedList;

export type Auth = "app" | "installation" | "none";

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  auth: Auth;
  handler: Handler;
}

export class Router {
  readonly #routes: Route[] = [];

  /**
   * Registers a route. `:name` matches one path segment; `:name*` the rest of the path
   * (slashes included), as the contents API's `{path}` does.
   */
  on(method: string, template: string, auth: Auth, handler: Handler): this {
    const names: string[] = [];
    const source = template.replace(/:(\w+)(\*)?/g, (_match, name: string, rest?: string) => {
      names.push(name);
      return rest ? "(.+)" : "([^/]+)";
    });
    this.#routes.push({ method, pattern: new RegExp(`^${source}$`), names, auth, handler });
    return this;
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(match[index + 1] ?? "");
      });
      return { route, params };
    }
    return undefined;
  }
}

export function isPagedList(result: SimResponse | PagedList): result is PagedList {
  return "list" in result;
}

/** Cuts one page out of a list and builds GitHub's `Link` header for the others. */
export function paginate(
  paged: PagedList,
  query: URLSearchParams,
  requestUrl: URL,
): { body: unknown; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(query.get("per_page") ?? 30) || 30, 1), 100);
  if (paged.cursor) return cursorPage(paged, paged.cursor, perPage, query, requestUrl);
  const page = Math.max(Number(query.get("page") ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(paged.list.length / perPage), 1);
  const items = paged.list.slice((page - 1) * perPage, page * perPage);
  const link = (target: number, rel: string) => {
    const url = new URL(requestUrl);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(target));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"), link(page - 1, "prev"));
  return {
    body: paged.wrap ? paged.wrap(items) : items,
    headers: links.length > 0 ? { link: links.join(", ") } : {},
  };
}

/** Cursor pagination: `after=X` starts behind the item whose cursor is X; no `last` link. */
function cursorPage(
  paged: PagedList,
  cursors: string[],
  perPage: number,
  query: URLSearchParams,
  requestUrl: URL,
): { body: unknown; headers: Record<string, string> } {
  const encode = (cursor: string) => Buffer.from(`cursor:${cursor}`).toString("base64url");
  const after = query.get("after");
  const before = query.get("before");
  let start = 0;
  let end = paged.list.length;
  if (after) start = cursors.findIndex((cursor) => encode(cursor) === after) + 1;
  if (before)
    end = Math.max(
      cursors.findIndex((cursor) => encode(cursor) === before),
      0,
    );
  const from = before && !after ? Math.max(end - perPage, 0) : start;
  const to = Math.min(from + perPage, end);
  const items = paged.list.slice(from, to);
  const link = (parameter: "after" | "before", cursor: string, rel: string) => {
    const url = new URL(requestUrl);
    url.searchParams.delete("after");
    url.searchParams.delete("before");
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set(parameter, encode(cursor));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (to < paged.list.length && to > from) links.push(link("after", cursors[to - 1] as string, "next"));
  if (from > 0 && to > from) links.push(link("before", cursors[from] as string, "prev"));
  return {
    body: paged.wrap ? paged.wrap(items) : items,
    headers: links.length > 0 ? { link: links.join(", ") } : {},
  };
}
