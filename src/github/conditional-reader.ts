import { LRUCache } from "lru-cache";
import { httpStatus, type Octokit } from "./octokit.js";

/**
 * GETs with `If-None-Match`: GitHub answers 304 for an unchanged resource, and a 304 does not count
 * against the installation's rate limit, so an unchanged sweep costs (almost) nothing. The last
 * answer of each URL is kept in a bounded cache, per process.
 */
export class ConditionalReader {
  readonly #cache = new LRUCache<string, { etag: string; data: unknown }>({ max: 50_000 });

  async get<T>(octokit: Octokit, route: string, parameters: Record<string, unknown>): Promise<T> {
    const { url, headers } = octokit.request.endpoint(route, parameters);
    const key = `${String(headers.accept ?? "")} ${url}`;
    const cached = this.#cache.get(key);
    try {
      const response = await octokit.request(route, {
        ...parameters,
        headers: { ...(parameters.headers as object | undefined), ...(cached ? { "if-none-match": cached.etag } : {}) },
      });
      const etag = response.headers.etag;
      if (etag) this.#cache.set(key, { etag, data: response.data });
      return response.data as T;
    } catch (error) {
      if (httpStatus(error) === 304 && cached) return cached.data as T;
      throw error;
    }
  }
}
