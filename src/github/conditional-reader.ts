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

  async getPage<T>(octokit: Octokit, route: string, parameters: Record<string, unknown>): Promise<Page<T>> {
    const { url, headers } = octokit.request.endpoint(route, parameters);
    const key = `${String(headers.accept ?? "")} ${url}`;
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
