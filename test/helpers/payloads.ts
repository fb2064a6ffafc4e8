import { createRequire } from "node:module";
import type { WebhookDefinition } from "@octokit/webhooks-examples";

/** The payloads GitHub documents for every event, as @octokit/webhooks-examples ships them. */
export const webhookExamples = createRequire(import.meta.url)("@octokit/webhooks-examples") as WebhookDefinition[];

export const INSTALLATION_ID = 2;

/** A deep copy of an example payload from @octokit/webhooks-examples, with an installation. */
// biome-ignore lint/suspicious/noExplicitAny: example payloads are edited freely in tests
export function examplePayload(name: string, action?: string, index = 0): any {
  const definition = webhookExamples.find((entry) => entry.name === name);
  const matching = (definition?.examples ?? []).filter(
    (example) => action === undefined || (example as { action?: string }).action === action,
  );
  const example = matching[index];
  if (!example) throw new Error(`no example payload ${name}${action ? `.${action}` : ""}`);
  const payload = structuredClone(example) as Record<string, unknown>;
  payload.installation = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==" };
  // The examples come from several repositories; tests speak of one (Codertocat/Hello-World).
  if (payload.repository && name !== "pull_request")
    payload.repository = examplePayload("pull_request", "opened").repository;
  return payload;
}

export interface PullRequestOverrides {
  number?: number;
  title?: string;
  body?: string | null;
  headRef?: string;
  headSha?: string;
  author?: string;
  labels?: string[];
  changedFiles?: number;
}

/** A pull_request event from the examples, edited to the situation under test. */
export function pullRequestPayload(action: string, overrides: PullRequestOverrides = {}) {
  const payload = examplePayload("pull_request", "opened");
  payload.action = action;
  const pr = payload.pull_request;
  if (overrides.number !== undefined) pr.number = overrides.number;
  if (overrides.title !== undefined) pr.title = overrides.title;
  if (overrides.body !== undefined) pr.body = overrides.body;
  if (overrides.headRef !== undefined) pr.head.ref = overrides.headRef;
  if (overrides.headSha !== undefined) pr.head.sha = overrides.headSha;
  if (overrides.author !== undefined) pr.user.login = overrides.author;
  if (overrides.labels !== undefined) pr.labels = overrides.labels.map((name, id) => ({ id, name }));
  if (overrides.changedFiles !== undefined) pr.changed_files = overrides.changedFiles;
  if (action === "edited") payload.changes = { body: { from: "old body" } };
  return payload;
}
