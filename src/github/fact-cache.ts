import { LRUCache } from "lru-cache";
import { z } from "zod";
import type { ManifestDiff } from "../manifests/parse.js";
import type { EvaluatedPractice } from "../practices/evaluate.js";
import { PULL_REQUEST_PRACTICES } from "../practices/types.js";
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
 * never an error, since a miss only costs the read it would have saved. Keys are relative
 * (`fact:{kind}:{key}`): the store puts them in its namespace (see fleet/redis-keys.ts).
 */
export interface SharedFacts {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/** Says, once per kind of fact, that a stored value was malformed or forged (and ignored). */
export type InvalidFactReport = (kind: string, problem: string) => void;

/**
 * One kind of fact. Without a shared store, a bounded local cache. With one, the shared store is
 * read every time (a replica's local copy could be older than what another replica wrote since),
 * except for facts that never change once known (`immutable`), which are kept locally too. What
 * is read back is validated (`schema`): a malformed or forged value is a miss, reported once.
 */
class FactLayer<T, Stored> {
  #reported = false;

  constructor(
    private readonly kind: string,
    private readonly local: LRUCache<string, { value: T }>,
    private readonly ttlMs: number,
    private readonly shared: SharedFacts | undefined,
    private readonly schema: z.ZodType<Stored>,
    private readonly codec: { encode: (value: T) => Stored; decode: (stored: Stored) => T },
    private readonly options: { immutable?: boolean; report?: InvalidFactReport } = {},
  ) {}

  get #usesLocal(): boolean {
    return !this.shared || this.options.immutable === true;
  }

  async get(key: string): Promise<T | undefined> {
    if (this.#usesLocal) {
      const local = this.local.get(key);
      if (local) return local.value;
    }
    if (!this.shared) return undefined;
    let stored: string | null;
    try {
      stored = await this.shared.get(`fact:${this.kind}:${key}`);
    } catch {
      return undefined;
    }
    if (stored === null) return undefined;
    const parsed = this.schema.safeParse(parseJson(stored));
    if (!parsed.success) {
      if (!this.#reported) this.options.report?.(this.kind, z.prettifyError(parsed.error).slice(0, 500));
      this.#reported = true;
      return undefined;
    }
    const value = this.codec.decode(parsed.data);
    if (this.#usesLocal) this.local.set(key, { value });
    return value;
  }

  /** Keeps a fact; the promise settles once the shared store has it (never rejects). */
  async remember(key: string, value: T): Promise<void> {
    if (this.#usesLocal) this.local.set(key, { value });
    if (!this.shared) return;
    const text = JSON.stringify(this.codec.encode(value));
    if (text.length > MAX_SHARED_BYTES) return;
    await this.shared.set(`fact:${this.kind}:${key}`, text, this.ttlMs).catch(() => undefined);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const same = <T>() => ({ encode: (value: T) => value, decode: (stored: T) => stored });

const PART = z.union([z.string(), z.strictObject({ quote: z.string() }), z.strictObject({ text: z.string() })]);
const MESSAGE = z.array(PART).max(200);
const EVALUATED_PRACTICE = z.strictObject({
  practice: z.enum(PULL_REQUEST_PRACTICES),
  enforcement: z.enum(["off", "warn", "error"]),
  outcome: z.enum(["pass", "fail", "skip"]),
  summary: MESSAGE,
  details: z.array(MESSAGE).max(1_000).optional(),
  fix: MESSAGE.optional(),
});
const KEPT_JUDGEMENT = z.strictObject({
  facts: z.string().max(100),
  results: z.array(EVALUATED_PRACTICE).max(PULL_REQUEST_PRACTICES.length),
  run: z.strictObject({
    id: z.number().int().positive(),
    digest: z.string().max(100),
    startedAt: z.iso.datetime({ offset: true }).optional(),
  }),
});
const WAIVER_RECORD = z.strictObject({ p: z.enum(PULL_REQUEST_PRACTICES), by: z.string(), u: z.string() });
const PUBLISHED_RUN = z.strictObject({
  conclusion: z.string().max(40),
  waivers: z.array(WAIVER_RECORD).max(PULL_REQUEST_PRACTICES.length),
});
const DEPLOYMENT_STATE = z.strictObject({ state: z.string().max(40).nullable(), seenAt: z.number() });
const ISO_TIME = z.iso.datetime({ offset: true });

/**
 * What a pull request was judged to be, kept so that a waiver comment need not read its facts
 * again: the evaluators' verdicts (data, rendered anew on every use), the fingerprint of the
 * facts they were computed from (statuses, check runs, deployments, files, manifests), and the
 * check run they were published as (its id, and a digest of its content to skip an unchanged
 * write): never a rendered check run to publish as it is.
 */
export interface KeptJudgement {
  facts: string;
  results: EvaluatedPractice[];
  run: { id: number; digest: string; startedAt?: string | undefined };
}

type DeploymentState = { state: string | null; seenAt: number };

/** What Shipshape last published on a commit: the conclusion and the waivers in force. */
export interface PublishedRun {
  conclusion: string;
  waivers: WaiverRecord[];
}

/** How a manifest changed between two commits, as read back from the shared store. */
const MANIFEST_DIFF = z.strictObject({
  added: z.array(z.string()),
  changes: z.array(
    z.strictObject({
      name: z.string(),
      kind: z.enum(["added", "removed", "version"]),
      dev: z.boolean(),
      from: z.string().optional(),
      to: z.string().optional(),
      indirect: z.literal(true).optional(),
    }),
  ),
  changesNotListed: z.number().int().nonnegative().optional(),
  additionsUnread: z.literal("unannotated-lock-export").optional(),
});

/**
 * Facts kept so that re-evaluations stay within their request budget: how a manifest changed
 * between two commits (immutable), a deployment seen succeeding (staging evidence for its commit from then
 * on; later statuses such as `inactive` only mean a newer deployment replaced it), other
 * deployment states for a few minutes (every change arrives as a deployment_status webhook, which
 * replaces them at once), templates, conclusions and judgements. Bounded per process; with a
 * shared store (Redis) a fact one replica read is known to the others.
 */
export class FactCache {
  readonly #manifestDiffs: FactLayer<ManifestDiff, ManifestDiff>;
  readonly #deploymentStates: FactLayer<DeploymentState, DeploymentState>;
  readonly #conclusions: FactLayer<PublishedRun, PublishedRun>;
  readonly #judgedAt: FactLayer<string, string>;
  readonly #configAbsent: FactLayer<number, number>;
  readonly #templates: FactLayer<string[], string[]>;
  readonly #judgements: FactLayer<KeptJudgement, KeptJudgement>;
  readonly #deploying: FactLayer<boolean, boolean>;
  readonly #neverDeployed: FactLayer<boolean, boolean>;
  /** Only for a process that sees every webhook (see onWaiverComment): never shared. */
  readonly #pullRequests = new LRUCache<string, object>({ max: 20_000, ttl: JUDGEMENT_TTL_MS });

  /** `report` is told, once per kind, that a value read back from the shared store was invalid. */
  constructor(shared?: SharedFacts, report?: InvalidFactReport) {
    const options = report ? { report } : {};
    this.#manifestDiffs = new FactLayer(
      "manifest-diff",
      // Bounded in bytes: a manifest can add thousands of names.
      new LRUCache<string, { value: ManifestDiff }>({
        maxSize: 16 * 1024 * 1024,
        sizeCalculation: ({ value }, key) =>
          key.length +
          value.added.reduce((sum, name) => sum + name.length + 16, 0) +
          value.changes.reduce((sum, change) => sum + change.name.length + 64, 0) +
          1,
      }),
      IMMUTABLE_TTL_MS,
      shared,
      MANIFEST_DIFF as z.ZodType<ManifestDiff>,
      same<ManifestDiff>(),
      // How a manifest changed between two commits never changes: a local copy cannot be outdated.
      { ...options, immutable: true },
    );
    this.#deploymentStates = new FactLayer(
      "deployment",
      new LRUCache<string, { value: DeploymentState }>({ max: 20_000 }),
      IMMUTABLE_TTL_MS,
      shared,
      DEPLOYMENT_STATE,
      same<DeploymentState>(),
      options,
    );
    this.#conclusions = new FactLayer(
      "conclusion",
      new LRUCache({ max: 20_000 }),
      VERDICT_TTL_MS,
      shared,
      PUBLISHED_RUN,
      same<PublishedRun>(),
      options,
    );
    this.#judgedAt = new FactLayer(
      "judged-at",
      new LRUCache({ max: 20_000 }),
      VERDICT_TTL_MS,
      shared,
      ISO_TIME,
      same<string>(),
      options,
    );
    // One number per repository an organisation leaves without a config: most of them, often.
    this.#configAbsent = new FactLayer(
      "config-absent",
      new LRUCache({ max: 100_000 }),
      VERDICT_TTL_MS,
      shared,
      z.number().int().nonnegative(),
      same<number>(),
      options,
    );
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
      z.array(z.string()).max(100),
      same<string[]>(),
      options,
    );
    // A repository that deployed once is a deploying repository; one without deployments is asked
    // again after a few minutes, so its first deployment is noticed soon.
    this.#deploying = new FactLayer(
      "deploys",
      new LRUCache({ max: 20_000 }),
      IMMUTABLE_TTL_MS,
      shared,
      z.boolean(),
      same<boolean>(),
      options,
    );
    this.#neverDeployed = new FactLayer(
      "never-deployed",
      new LRUCache({ max: 20_000, ttl: TEMPLATE_TTL_MS }),
      TEMPLATE_TTL_MS,
      shared,
      z.boolean(),
      same<boolean>(),
      options,
    );
    this.#judgements = new FactLayer(
      "judgement",
      new LRUCache({ max: 5_000, ttl: JUDGEMENT_TTL_MS }),
      JUDGEMENT_TTL_MS,
      shared,
      KEPT_JUDGEMENT as z.ZodType<KeptJudgement>,
      same<KeptJudgement>(),
      options,
    );
  }

  /** Whether a repository has deployments: kept for a week once it has, a few minutes while it has none. */
  async repositoryDeploys(repo: RepoRef): Promise<boolean | undefined> {
    const key = `${repo.owner}/${repo.repo}`;
    if (await this.#deploying.get(key)) return true;
    return this.#neverDeployed.get(key);
  }

  rememberRepositoryDeploys(repo: RepoRef, deploys: boolean): Promise<void> {
    const key = `${repo.owner}/${repo.repo}`;
    return deploys ? this.#deploying.remember(key, true) : this.#neverDeployed.remember(key, false);
  }

  /** The pull request as this process last judged it (head commit among it), for a few minutes. */
  pullRequest(repo: RepoRef, number: number): object | undefined {
    return this.#pullRequests.get(`${repo.owner}/${repo.repo}#${number}`);
  }

  rememberPullRequest(repo: RepoRef, number: number, subject: object): void {
    this.#pullRequests.set(`${repo.owner}/${repo.repo}#${number}`, subject);
  }

  /**
   * The judgement last published for exactly this pull-request content (see judgementKey), as the
   * shared store holds it now: the replica that judged last wrote it, whichever that was.
   */
  judgement(key: string): Promise<KeptJudgement | undefined> {
    return this.#judgements.get(key);
  }

  rememberJudgement(key: string, judgement: KeptJudgement): Promise<void> {
    return this.#judgements.remember(key, judgement);
  }

  /** A repository's pull-request templates, when read in the last few minutes. */
  templates(repo: RepoRef): Promise<string[] | undefined> {
    return this.#templates.get(`${repo.owner}/${repo.repo}`);
  }

  rememberTemplates(repo: RepoRef, templates: string[]): Promise<void> {
    return this.#templates.remember(`${repo.owner}/${repo.repo}`, templates);
  }

  /** The newest `updated_at` of a pull request that Shipshape judged, to recognise older payloads. */
  judgedAt(repo: RepoRef, number: number): Promise<string | undefined> {
    return this.#judgedAt.get(`${repo.owner}/${repo.repo}#${number}`);
  }

  async rememberJudgedAt(repo: RepoRef, number: number, updatedAt: string): Promise<void> {
    const key = `${repo.owner}/${repo.repo}#${number}`;
    const known = await this.#judgedAt.get(key);
    if (!known || Date.parse(updatedAt) > Date.parse(known)) await this.#judgedAt.remember(key, updatedAt);
  }

  /** The conclusion Shipshape last published on a commit. */
  async conclusionAt(repo: RepoRef, sha: string): Promise<string | undefined> {
    return (await this.publishedAt(repo, sha))?.conclusion;
  }

  /** What Shipshape last published on a commit, for the status issue's list of open PRs and waivers. */
  publishedAt(repo: RepoRef, sha: string): Promise<PublishedRun | undefined> {
    return this.#conclusions.get(`${repo.owner}/${repo.repo}@${sha}`);
  }

  rememberConclusion(repo: RepoRef, sha: string, conclusion: string, waivers: WaiverRecord[] = []): Promise<void> {
    return this.#conclusions.remember(`${repo.owner}/${repo.repo}@${sha}`, { conclusion, waivers });
  }

  /** How a manifest changed between two commits (at `basePath` there, null when added), when compared before. */
  manifestDiff(repo: RepoRef, change: ManifestChangeKey): Promise<ManifestDiff | undefined> {
    return this.#manifestDiffs.get(changeKey(repo, change));
  }

  rememberManifestDiff(repo: RepoRef, change: ManifestChangeKey, diff: ManifestDiff): Promise<void> {
    return this.#manifestDiffs.remember(changeKey(repo, change), diff);
  }

  /**
   * When a full read of the repository last found no config (its own nor the organisation's), by
   * the sweeps' clock: while that read stands, any replica takes "no config" without asking.
   */
  configAbsentAt(repo: RepoRef): Promise<number | undefined> {
    return this.#configAbsent.get(`${repo.owner}/${repo.repo}`);
  }

  rememberConfigAbsent(repo: RepoRef, at: Date): Promise<void> {
    return this.#configAbsent.remember(`${repo.owner}/${repo.repo}`, at.getTime());
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
    await this.#deploymentStates.remember(`${repo.owner}/${repo.repo}#${deploymentId}`, { state, seenAt: now });
  }
}

/** Which change of a manifest: its path at the head, its path at the base (null when added), both commits. */
export interface ManifestChangeKey {
  path: string;
  basePath: string | null;
  baseSha: string;
  headSha: string;
}

function changeKey(repo: RepoRef, { path, basePath, baseSha, headSha }: ManifestChangeKey): string {
  return `${repo.owner}/${repo.repo}@${baseSha}..${headSha}:${JSON.stringify([basePath, path])}`;
}
