import { LRUCache } from "lru-cache";
import type { WaiverRecord } from "../report/check-run.js";
import type { RepoRef } from "./octokit.js";

/** How long a deployment's unfinished or failed state is trusted without a webhook saying otherwise. */
export const DEPLOYMENT_STATE_TTL_MS = 5 * 60_000;
/**
 * How long a pull request's judgement is reused when only its comments change (a waiver): facts
 * that change arrive as webhooks and judge again; one that was missed is caught within this time.
 */
export const JUDGEMENT_TTL_MS = 10 * 60_000;
/** How long a repository's pull-request templates are used without reading them again. */
export const TEMPLATE_TTL_MS = 10 * 60_000;
/** How long facts that never change (dependencies at a commit, a success) are kept in a shared store. */
const IMMUTABLE_TTL_MS = 7 * 86_400_000;
/** How long what Shipshape concluded and judged is kept in a shared store. */
const VERDICT_TTL_MS = 86_400_000;
/** A fact larger than this stays in the replica that read it (a manifest can declare thousands of names). */
const MAX_SHARED_BYTES = 256 * 1024;

/**
 * Where replicas share facts (Redis with `REDIS_URL`). Best effort: a failing store is a miss,
 * never an error, since a miss only costs the read it would have saved.
 */
export interface SharedFacts {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/** One kind of fact: a bounded local cache, backed by the shared store when there is one. */
class FactLayer<T> {
  constructor(
    private readonly kind: string,
    private readonly local: LRUCache<string, { value: T }>,
    private readonly ttlMs: number,
    private readonly shared: SharedFacts | undefined,
    private readonly codec: { encode: (value: T) => unknown; decode: (stored: unknown) => T } = {
      encode: (value) => value,
      decode: (stored) => stored as T,
    },
  ) {}

  async get(key: string): Promise<T | undefined> {
    const local = this.local.get(key);
    if (local) return local.value;
    if (!this.shared) return undefined;
    try {
      const stored = await this.shared.get(`shipshape:fact:${this.kind}:${key}`);
      if (stored === null) return undefined;
      const value = this.codec.decode(JSON.parse(stored));
      this.local.set(key, { value });
      return value;
    } catch {
      return undefined;
    }
  }

  remember(key: string, value: T): void {
    this.local.set(key, { value });
    if (!this.shared) return;
    const text = JSON.stringify(this.codec.encode(value));
    if (text.length > MAX_SHARED_BYTES) return;
    this.shared.set(`shipshape:fact:${this.kind}:${key}`, text, this.ttlMs).catch(() => undefined);
  }
}

type DeploymentState = { state: string | null; seenAt: number };

/** What Shipshape last published on a commit: the conclusion and the waivers in force. */
export interface PublishedRun {
  conclusion: string;
  waivers: WaiverRecord[];
}

/**
 * Facts kept so that re-evaluations stay within their request budget: a file's dependencies at a
 * commit SHA (immutable), a deployment seen succeeding (staging evidence for its commit from then
 * on; later statuses such as `inactive` only mean a newer deployment replaced it), other
 * deployment states for a few minutes (every change arrives as a deployment_status webhook, which
 * replaces them at once), templates, conclusions and judgements. Bounded per process; with a
 * shared store (Redis) a fact one replica read is known to the others.
 */
export class FactCache {
  readonly #dependencies: FactLayer<ReadonlySet<string>>;
  readonly #deploymentStates: FactLayer<DeploymentState>;
  readonly #conclusions: FactLayer<PublishedRun>;
  readonly #judgedAt: FactLayer<string>;
  readonly #templates: FactLayer<string[]>;
  readonly #judgements: FactLayer<object>;
  readonly #deploying: FactLayer<boolean>;
  readonly #neverDeployed: FactLayer<boolean>;
  /** Only for a process that sees every webhook (see onWaiverComment): never shared. */
  readonly #pullRequests = new LRUCache<string, object>({ max: 20_000, ttl: JUDGEMENT_TTL_MS });

  constructor(shared?: SharedFacts) {
    this.#dependencies = new FactLayer(
      "dependencies",
      // Bounded in bytes: a manifest can declare thousands of names.
      new LRUCache<string, { value: ReadonlySet<string> }>({
        maxSize: 16 * 1024 * 1024,
        sizeCalculation: ({ value }, key) =>
          key.length + [...value].reduce((sum, name) => sum + name.length + 16, 0) + 1,
      }),
      IMMUTABLE_TTL_MS,
      shared,
      { encode: (names) => [...names], decode: (stored) => new Set(stored as string[]) },
    );
    this.#deploymentStates = new FactLayer(
      "deployment",
      new LRUCache<string, { value: DeploymentState }>({ max: 20_000 }),
      IMMUTABLE_TTL_MS,
      shared,
    );
    this.#conclusions = new FactLayer("conclusion", new LRUCache({ max: 20_000 }), VERDICT_TTL_MS, shared);
    this.#judgedAt = new FactLayer("judged-at", new LRUCache({ max: 20_000 }), VERDICT_TTL_MS, shared);
    // Templates change rarely; a few minutes' staleness costs nothing but precision.
    this.#templates = new FactLayer(
      "templates",
      new LRUCache<string, { value: string[] }>({
        max: 5_000,
        maxSize: 32 * 1024 * 1024,
        sizeCalculation: ({ value }, key) => key.length + value.reduce((sum, text) => sum + text.length * 2, 0) + 1,
        ttl: TEMPLATE_TTL_MS,
      }),
      TEMPLATE_TTL_MS,
      shared,
    );
    // A repository that deployed once is a deploying repository; one without deployments is asked
    // again after a few minutes, so its first deployment is noticed soon.
    this.#deploying = new FactLayer("deploys", new LRUCache({ max: 20_000 }), IMMUTABLE_TTL_MS, shared);
    this.#neverDeployed = new FactLayer(
      "never-deployed",
      new LRUCache({ max: 20_000, ttl: TEMPLATE_TTL_MS }),
      TEMPLATE_TTL_MS,
      shared,
    );
    this.#judgements = new FactLayer(
      "judgement",
      new LRUCache({ max: 5_000, ttl: JUDGEMENT_TTL_MS }),
      JUDGEMENT_TTL_MS,
      shared,
    );
  }

  /** Whether a repository has deployments: kept for a week once it has, a few minutes while it has none. */
  async repositoryDeploys(repo: RepoRef): Promise<boolean | undefined> {
    const key = `${repo.owner}/${repo.repo}`;
    if (await this.#deploying.get(key)) return true;
    return this.#neverDeployed.get(key);
  }

  rememberRepositoryDeploys(repo: RepoRef, deploys: boolean): void {
    const key = `${repo.owner}/${repo.repo}`;
    if (deploys) this.#deploying.remember(key, true);
    else this.#neverDeployed.remember(key, false);
  }

  /** The pull request as this process last judged it (head commit among it), for a few minutes. */
  pullRequest(repo: RepoRef, number: number): object | undefined {
    return this.#pullRequests.get(`${repo.owner}/${repo.repo}#${number}`);
  }

  rememberPullRequest(repo: RepoRef, number: number, subject: object): void {
    this.#pullRequests.set(`${repo.owner}/${repo.repo}#${number}`, subject);
  }

  /** The judgement last published for exactly this pull-request content (see judgementKey). */
  judgement(key: string): Promise<object | undefined> {
    return this.#judgements.get(key);
  }

  rememberJudgement(key: string, judgement: object): void {
    this.#judgements.remember(key, judgement);
  }

  /** A repository's pull-request templates, when read in the last few minutes. */
  templates(repo: RepoRef): Promise<string[] | undefined> {
    return this.#templates.get(`${repo.owner}/${repo.repo}`);
  }

  rememberTemplates(repo: RepoRef, templates: string[]): void {
    this.#templates.remember(`${repo.owner}/${repo.repo}`, templates);
  }

  /** The newest `updated_at` of a pull request that Shipshape judged, to recognise older payloads. */
  judgedAt(repo: RepoRef, number: number): Promise<string | undefined> {
    return this.#judgedAt.get(`${repo.owner}/${repo.repo}#${number}`);
  }

  async rememberJudgedAt(repo: RepoRef, number: number, updatedAt: string): Promise<void> {
    const key = `${repo.owner}/${repo.repo}#${number}`;
    const known = await this.#judgedAt.get(key);
    if (!known || Date.parse(updatedAt) > Date.parse(known)) this.#judgedAt.remember(key, updatedAt);
  }

  /** The conclusion Shipshape last published on a commit. */
  async conclusionAt(repo: RepoRef, sha: string): Promise<string | undefined> {
    return (await this.publishedAt(repo, sha))?.conclusion;
  }

  /** What Shipshape last published on a commit, for the status issue's list of open PRs and waivers. */
  publishedAt(repo: RepoRef, sha: string): Promise<PublishedRun | undefined> {
    return this.#conclusions.get(`${repo.owner}/${repo.repo}@${sha}`);
  }

  rememberConclusion(repo: RepoRef, sha: string, conclusion: string, waivers: WaiverRecord[] = []): void {
    this.#conclusions.remember(`${repo.owner}/${repo.repo}@${sha}`, { conclusion, waivers });
  }

  dependenciesAt(repo: RepoRef, path: string, sha: string): Promise<ReadonlySet<string> | undefined> {
    return this.#dependencies.get(fileKey(repo, path, sha));
  }

  rememberDependencies(repo: RepoRef, path: string, sha: string, names: ReadonlySet<string>): void {
    this.#dependencies.remember(fileKey(repo, path, sha), names);
  }

  /** A deployment's latest state, when known; undefined when it must be read. */
  async deploymentState(repo: RepoRef, deploymentId: number, now = Date.now()): Promise<string | null | undefined> {
    const known = await this.#deploymentStates.get(`${repo.owner}/${repo.repo}#${deploymentId}`);
    if (!known) return undefined;
    return known.state === "success" || now - known.seenAt < DEPLOYMENT_STATE_TTL_MS ? known.state : undefined;
  }

  async rememberDeploymentState(repo: RepoRef, deploymentId: number, state: string | null, now = Date.now()) {
    // A success is for good: later statuses (`inactive` when a newer deployment succeeds) don't undo it.
    if ((await this.deploymentState(repo, deploymentId, now)) === "success") return;
    this.#deploymentStates.remember(`${repo.owner}/${repo.repo}#${deploymentId}`, { state, seenAt: now });
  }
}

function fileKey(repo: RepoRef, path: string, sha: string): string {
  return `${repo.owner}/${repo.repo}@${sha}:${path}`;
}
