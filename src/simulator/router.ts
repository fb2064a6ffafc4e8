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
