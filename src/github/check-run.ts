import type { CheckRunOutput } from "../report/check-run.js";
import { CHECK_NAME, verdictPart, withJudgedAt } from "../report/check-run.js";
import { type Octokit, type RepoRef, uncachedGet } from "./octokit.js";
import type { ExistingCheckRun } from "./pull-request-facts.js";
import { readShipshapeRun } from "./repository-facts.js";
import { NO_BLIND_RETRY, type RetryOptions, retryWrite } from "./retry-write.js";

export type PublishResult = "created" | "updated" | "unchanged";

/** What publishing did, and the run GitHub now holds (its id, when GitHub gave it). */
export interface Published {
  result: PublishResult;
  runId: number | undefined;
}

/**
 * Whether GitHub already shows this output, so that writing again would change nothing. The
 * details text and recorded verdicts are compared when GitHub lists them (it does; a server that
 * drops them must not cause a write on every event).
 */
export function isUnchanged(existing: ExistingCheckRun, output: CheckRunOutput): boolean {
  return (
    existing.conclusion === output.conclusion &&
    (existing.title ?? "") === output.title &&
    (existing.summary ?? "") === output.summary &&
    (existing.text === null || existing.text === output.text) &&
    // The judged-at time alone is no reason to write: only the verdicts are compared.
    (existing.externalId === null || verdictPart(existing.externalId) === output.externalId)
  );
}

/**
 * Creates Shipshape's check run on the head commit, or updates the one there, only when it changes.
 * `appId` tells the app's own run from another's of the same name when a retried create looks
 * for the run a failed attempt may have made (unknown: it does not look, and creates).
 */
export async function publishCheckRun(
  octokit: Octokit,
  target: RepoRef & { headSha: string; appId?: number | undefined },
  existing: ExistingCheckRun | null,
  output: CheckRunOutput,
  retry: RetryOptions,
): Promise<Published> {
  if (existing && isUnchanged(existing, output)) return { result: "unchanged", runId: existing.id };
  const body = {
    owner: target.owner,
    repo: target.repo,
    status: "completed" as const,
    conclusion: output.conclusion,
    external_id: withJudgedAt(output.externalId, output.judgedAt),
    output: { title: output.title, summary: output.summary, text: output.text },
    ...NO_BLIND_RETRY,
  };
  const update = (checkRunId: number) => octokit.rest.checks.update({ ...body, check_run_id: checkRunId });
  if (existing) {
    await retryWrite("update check run", () => update(existing.id), retry);
    return { result: "updated", runId: existing.id };
  }
  let result: PublishResult = "created";
  const written = await retryWrite(
    "create check run",
    async (attempt) => {
      // A create that failed with a 5xx may still have happened: look before creating a second run.
      const repo = { owner: target.owner, repo: target.repo };
      const created =
        attempt > 1 && target.appId !== undefined
          ? (await readShipshapeRun({ octokit, reader: uncachedGet, repo }, target.headSha, target.appId))?.id
          : undefined;
      if (created !== undefined) {
        result = "updated";
        return update(created);
      }
      return octokit.rest.checks.create({ ...body, name: CHECK_NAME, head_sha: target.headSha });
    },
    retry,
  );
  return { result, runId: (written as { data?: { id?: number } } | undefined)?.data?.id };
}
