import type { Probot } from "probot";

export interface AppIdentity {
  id: number;
  slug: string;
  /** The login of the app's bot user, the author of its issues: `slug[bot]`. */
  botLogin: string;
}

/** Asks GitHub who the app is (GET /app, authenticated as the app), once per process. */
export function appIdentityResolver(app: Pick<Probot, "auth">): () => Promise<AppIdentity> {
  let pending: Promise<AppIdentity> | undefined;
  return () => {
    pending ??= (async () => {
      const octokit = await app.auth();
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (!data) throw new Error("GET /app answered without the app");
      const slug = data.slug ?? data.name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      return { id: data.id, slug, botLogin: `${slug}[bot]` };
    })().catch((error: unknown) => {
      pending = undefined; // try again next time
      throw error;
    });
    return pending;
  };
}
