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

interface CachedAnswer {
  /**
   * Empty for an answer that came without one (a 404, some lists) or another way (see remember):
   * nothing to ask again with, but still the answer a standing full read took.
   */
  etag: string;
  /** GitHub said there is nothing at this URL (404): the GET is answered with that again. */
  missing?: true;
  data: unknown;
  next: string | undefined;
  /** When GitHub last said this is the answer (a 200 or a 304), by the reader's clock. */
  confirmedAt: number;
}

export class ConditionalReader implements CachedGet {
  /** The clock answers are confirmed by: the sweeps' clock, so that they compare with its marks. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Bounded in bytes, not entries: one answer can be a 1 MB file or a 100-item list. */
  readonly #cache = new LRUCache<string, CachedAnswer>({
    maxSize: CACHE_BYTES,
    maxEntrySize: Math.floor(CACHE_BYTES / 10),
    sizeCalculation: (entry, key) => approximateBytes(entry.data) + key.length + 100,
  });

  /** Cache keys by the request's spelling (see #keyOf). */
  readonly #keys = new LRUCache<string, string>({ max: 10_000 });

  async get<T>(octokit: Octokit, route: string, parameters: Record<string, unknown>): Promise<T> {
    return (await this.getPage<T>(octokit, route, parameters)).data;
  }

  /**
   * The last answer to this GET if GitHub confirmed it at or after `since`; no request is made. An
   * older answer may predate changes a full read elsewhere (another replica) saw.
   */
  cachedPage<T>(
    octokit: Octokit,
    route: string,
    parameters: Record<string, unknown>,
    since: number,
  ): Page<T> | undefined {
    const cached = this.#cache.get(this.#keyOf(octokit, route, parameters));
    if (!cached || cached.confirmedAt < since) return undefined;
    if (cached.missing) throw new RememberedNotFound();
    return { data: cached.data as T, next: cached.next };
  }

  /**
   * This reader, answering without asking GitHub from what it confirmed since `since` (the start
   * of a full read that still stands, see Freshness); any other GET is made. An answer that came
   * without an ETag (a 404: "no config here") stands as well as one that came with one.
   */
  trusting(since: Date): CachedGet {
    const from = since.getTime();
    const getPage = async <T>(octokit: Octokit, route: string, parameters: Record<string, unknown>) =>
      this.cachedPage<T>(octokit, route, parameters, from) ?? this.getPage<T>(octokit, route, parameters);
    return {
      getPage,
      get: async <T>(octokit: Octokit, route: string, parameters: Record<string, unknown>) =>
        (await getPage<T>(octokit, route, parameters)).data,
    };
  }

  /**
   * Keeps what GitHub answered another way (a batched GraphQL read) as this GET's answer, confirmed
   * now: a reader trusting answers since before now takes it without asking. Without an ETag, the
   * next GET of it that does ask is a full one.
   */
  remember(
    octokit: Octokit,
    route: string,
    parameters: Record<string, unknown>,
    answer: { data: unknown; next: string | undefined },
  ): void {
    this.#cache.set(this.#keyOf(octokit, route, parameters), { etag: "", ...answer, confirmedAt: this.now() });
  }

  /**
   * The URL GitHub is asked, with the media type: two spellings of one request share it. Working it
   * out (Octokit's endpoint parsing) costs more than the rest of a cached read, and the same reads
   * (a repository's config) recur with every delivery, so it is kept by route and parameters.
   */
  #keyOf(octokit: Octokit, route: string, parameters: Record<string, unknown>): string {
    const spelling = `${String(octokit.request.endpoint.DEFAULTS.baseUrl)} ${route} ${JSON.stringify(parameters)}`;
    let key = this.#keys.get(spelling);
    if (key === undefined) {
      const { url, headers } = octokit.request.endpoint(route, parameters);
      key = `${String(headers.accept ?? "")} ${url}`;
      this.#keys.set(spelling, key);
    }
    return key;
  }

  async getPage<T>(octokit: Octokit, route: string, parameters: Record<string, unknown>): Promise<Page<T>> {
    const key = this.#keyOf(octokit, route, parameters);
    const cached = this.#cache.get(key);
    try {
      const response = await octokit.request(route, {
        ...parameters,
        headers: {
          ...(parameters.headers as object | undefined),
          ...(cached?.etag ? { "if-none-match": cached.etag } : {}),
        },
      });
      const next = nextPageUrl(response.headers.link);
      // "Most endpoints return an etag header" ("Best practices for using the REST API"): an
      // answer without one is kept all the same, for a standing read to take (see trusting).
      const etag = response.headers.etag ?? "";
      this.#cache.set(key, { etag, data: response.data, next, confirmedAt: this.now() });
      return { data: response.data as T, next };
    } catch (error) {
      const status = httpStatus(error);
      if (status === 304 && cached?.etag) {
        cached.confirmedAt = this.now();
        return { data: cached.data as T, next: cached.next };
      }
      // A 404 carries no ETag, so it is asked in full every time; kept, "not found" stands like
      // any other answer (a repository without a config: read once, not on every sweep).
      if (status === 404)
        this.#cache.set(key, { etag: "", missing: true, data: null, next: undefined, confirmedAt: this.now() });
      throw error;
    }
  }
}

/** A 404 GitHub gave earlier, answered again from the cache (see ConditionalReader.cachedPage). */
export class RememberedNotFound extends Error {
  readonly status = 404;

  constructor() {
    super("GitHub answered 404 (not found or not accessible) on the full read this sweep stands on");
  }
}

/**
 * `reader`, asking GitHub at most once per GET for as long as this object lives (one sweep of an
 * installation): repositories swept at the same time share the answer, a 404 included. A GET that
 * failed otherwise (a 5xx, a rate limit) is forgotten, so the next repository asks again.
 */
export function onceEach(reader: CachedGet): CachedGet {
  const answers = new Map<string, Promise<Page<unknown>>>();
  const getPage = <T>(octokit: Octokit, route: string, parameters: Record<string, unknown>): Promise<Page<T>> => {
    const { url, headers } = octokit.request.endpoint(route, parameters);
    const key = `${String(headers.accept ?? "")} ${url}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = reader.getPage<unknown>(octokit, route, parameters);
      answers.set(key, answer);
      answer.catch((error: unknown) => {
        if (httpStatus(error) !== 404) answers.delete(key);
      });
    }
    return answer as Promise<Page<T>>;
  };
  return {
    getPage,
    get: async <T>(octokit: Octokit, route: string, parameters: Record<string, unknown>) =>
      (await getPage<T>(octokit, route, parameters)).data,
  };
}
