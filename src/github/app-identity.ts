import type { Probot } from "probot";

export interface AppIdentity {
  /**
   * The login of the app's bot user, the author of its issues (`slug[bot]`); null when GitHub did
   * not say who the app is, in which case nothing counts as the app's (see isAppAuthor).
   */
  botLogin: string | null;
  /** The app's id, which GitHub puts on every check run the app creates (`app.id`); null when unknown. */
  appId: number | null;
}

export interface Author {
  login: string;
  type?: string;
}

/**
 * Whether an issue's author (or closer, or an event's sender) is this app. An installation's
 * writes are attributed to the app's bot account, `<slug>[bot]` of type `Bot` (docs.github.com:
 * "Authenticating as a GitHub App installation": "activity … attributed to the app"; REST
 * `simple-user.type`). Fails closed: an unknown identity, no user (`user: null`, a deleted
 * account) or another bot is never the app.
 */
export function isAppAuthor(user: Author | null | undefined, identity: AppIdentity): boolean {
  if (!user || !identity.botLogin) return false;
  return user.login === identity.botLogin && user.type === "Bot";
}

/**
 * Asks GitHub who the app is (GET /app, authenticated as the app: `id` and `slug`), once per
 * process. Should that fail, the answer is "unknown" (and asked again next time): a sweep then
 * neither reads nor writes the app's issues, and trusts no check run as the app's.
 */
export function appIdentityResolver(app: Pick<Probot, "auth" | "log">): () => Promise<AppIdentity> {
  let known: AppIdentity | undefined;
  return async () => {
    if (known) return known;
    try {
      const octokit = await app.auth();
      const { data } = await octokit.rest.apps.getAuthenticated();
      const slug = data?.slug ?? data?.name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      if (!slug) throw new Error("GET /app answered without the app's slug");
      if (typeof data?.id !== "number") throw new Error("GET /app answered without the app's id");
      known = { botLogin: `${slug}[bot]`, appId: data.id };
      return known;
    } catch (error) {
      app.log.warn({ err: error }, "could not tell who the app is; its issues and check runs are not trusted for now");
      return UNKNOWN_IDENTITY;
    }
  };
}

export const UNKNOWN_IDENTITY: AppIdentity = { botLogin: null, appId: null };

/** Thrown where the app's own issues or check runs would be read while its identity is unknown. */
export class UnknownIdentityError extends Error {
  constructor(what: string) {
    super(`the app's identity is unknown (GET /app failed), so ${what} cannot be told from another's`);
  }
}
