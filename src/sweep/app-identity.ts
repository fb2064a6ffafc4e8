import type { Probot } from "probot";

export interface AppIdentity {
  /**
   * The login of the app's bot user, the author of its issues (`slug[bot]`); null when GitHub did
   * not say who the app is, in which case any bot counts as the app (see isAppAuthor).
   */
  botLogin: string | null;
}

export interface Author {
  login: string;
  type?: string;
}

/** Whether an issue's author (or closer, or an event's sender) is this app. */
export function isAppAuthor(user: Author | null | undefined, identity: AppIdentity): boolean {
  if (!user) return false;
  return identity.botLogin ? user.login === identity.botLogin : user.type === "Bot";
}

/**
 * Asks GitHub who the app is (GET /app, authenticated as the app), once per process. Should that
 * fail, sweeps still work: the answer is "unknown" and asked again next time.
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
      known = { botLogin: `${slug}[bot]` };
      return known;
    } catch (error) {
      app.log.warn({ err: error }, "could not tell the app's bot login; treating any bot as the app for now");
      return { botLogin: null };
    }
  };
}
