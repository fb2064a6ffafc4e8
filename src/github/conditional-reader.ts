import { LRUCache } from "lru-cache";
import { type CachedGet, httpStatus, nextPageUrl, type Octokit, type Page } from "./octokit.js";

/**
 * GETs with `If-None-Match`: GitHub answers 304 for an unchanged resource, and a 304 does not count
 * against the installation's rate limit, so an unchanged sweep costs (almost) nothing. The last
 * answer of each URL is kept in a bounded cache, per process. GitHub's ETags vary with the
 * credential (`Vary: Authorization`), so a renewed installation token starts over with 200s.
 */
const CACHE_BYTES = 64 * 1024 * 1024;

/** Roughly how much memory an answer holds: its text, or its JSON. */
export function approximateBytes(data: unknown): number {
  if (typeof data === "string") return data.length * 2;
  try {
    return (JSON.stringify(data)?.length ?? 0) * 2;
  } catch {
    return 1024;
  }
}

export class ConditionalReader implements CachedGet {
  /** Bounded in bytes, not entries: one answer can be a 1 MB file or a 100-item list. */
  readonly #cache = new LRUCache<string, { etag: string; data: unknown; next: string | undefined }>({
    maxSize: CACHE_BYTES,
    maxEntrySize: Math.floor(CACHE_BYTES / 10),
    sizeCalculation: (entry, key) => approximateBytes(entry.data) + key.length + 100,
  });

  async get<T>(octokit: Octokit, route: string, parameters: Record<string, unknown>): Promise<T> {
    return (await this.getPage<T>(octokit, route, parameters)).data;
  }

  /** The last answer to this GET, if this process keeps one; no request is made. */
  cachedPage<T>(octokit: Octokit, route: string, parameters: Record<string, unknown>): Page<T> | undefined {
    const cached = this.#cache.get(this.#keyOf(octokit, route, parameters));
    return cached ? { data: cached.data as T, next: cached.next } : undefined;
  }

  /**
   * This reader, answering from its cache without asking GitHub whenever it can: for a repository
   * whose last full read still stands (see Freshness). A GET it never made is made.
   */
  trusting(): CachedGet {
    return {
      get: async <T>(octokit: Octokit, route: string, parameters: Record<string, unknown>) => {
        const page = this.cachedPage<T>(octokit, route, parameters);
        return page ? page.data : this.get<T>(octokit, route, parameters);
      },
      getPage: async <T>(octokit: Octokit, route: string, parameters: Record<string, unknown>) =>
        this.cachedPage<T>(octokit, route, parameters) ?? this.getPage<T>(octokit, route, parameters),
    };
  }

  #keyOf(octokit: Octokit, route: string, parameters: Record<string, unknown>): string {
    const { url, headers } = octokit.request.endpoint(route, parameters);
    return `${String(headers.accept ?? "")} ${url}`;
  }

  async getPage<T>(octokit: Octokit, route: string, parameters: Record<string, unknown>): Promise<Page<T>> {
    const key = this.#keyOf(octokit, route, parameters);
    const cached = this.#cache.get(key);
    try {
      const response = await octokit.request(route, {
        ...parameters,
        headers: { ...(parameters.headers as object | undefined), ...(cached ? { "if-none-match": cached.etag } : {}) },
      });
      const next = nextPageUrl(response.headers.link);
      const etag = response.headers.etag;
      if (etag) this.#cache.set(key, { etag, data: response.data, next });
      return { data: response.data as T, next };
    } catch (error) {
      if (httpStatus(error) === 304 && cached) return { data: cached.data as T, next: cached.next };
      throw error;
    }
  }
}
