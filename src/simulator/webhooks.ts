import { createHmac, randomUUID } from "node:crypto";
import * as present from "./present.js";
import type { GitHubSimulator } from "./server.js";
import type { SimDeployment, SimPull, SimRepository } from "./store.js";

export interface WebhookTarget {
  /** e.g. http://127.0.0.1:3000/api/github/webhooks */
  url: string;
  secret: string;
}

export interface Delivery {
  id: string;
  event: string;
  status: number;
  body: string;
}

/** Sends a webhook the way GitHub does: JSON body, event and delivery headers, HMAC-SHA256 signature. */
export async function deliver(
  target: WebhookTarget,
  event: string,
  payload: unknown,
  id: string = randomUUID(),
): Promise<Delivery> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", target.secret).update(body).digest("hex")}`;
  const response = await fetch(target.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/simulator",
      "x-github-event": event,
      "x-github-delivery": id,
      "x-hub-signature-256": signature,
    },
    body,
  });
  return { id, event, status: response.status, body: await response.text() };
}

/** Payloads built from the simulator's state, shaped like GitHub's. */
export class PayloadFactory {
  constructor(private readonly simulator: GitHubSimulator) {}

  #common(repository: SimRepository) {
    const { store, urls } = this.simulator;
    const installation = store.installations.get(repository.installationId);
    const owner = installation?.account ?? { login: repository.owner, id: 1, type: "User" as const };
    return {
      repository: present.repositoryObject(repository, owner, urls),
      installation: { id: repository.installationId, node_id: `MDIzOkludGVncmF0aW9u${repository.installationId}` },
      sender: present.user(owner, urls),
    };
  }

  pullRequest(action: string, repository: SimRepository, pull: SimPull, extra: Record<string, unknown> = {}) {
    return {
      action,
      number: pull.number,
      pull_request: present.pullRequest(pull, repository, this.simulator.urls),
      ...this.#common(repository),
      ...extra,
    };
  }

  deploymentStatus(repository: SimRepository, deployment: SimDeployment) {
    const status = deployment.statuses.at(-1);
    const { urls } = this.simulator;
    return {
      action: "created",
      deployment: present.deployment(deployment, urls, repository),
      deployment_status: status ? present.deploymentStatus(status, deployment, urls, repository) : undefined,
      ...this.#common(repository),
    };
  }

  issues(action: string, repository: SimRepository, number: number, extra: Record<string, unknown> = {}) {
    const item = repository.issues.find((issue) => issue.number === number);
    if (!item) throw new Error(`no issue #${number} in ${repository.owner}/${repository.name}`);
    return {
      action,
      issue: present.issue(item, repository, this.simulator.urls),
      ...this.#common(repository),
      ...extra,
    };
  }

  milestone(action: string, repository: SimRepository, number: number) {
    const item = repository.milestones.find((milestone) => milestone.number === number);
    if (!item) throw new Error(`no milestone #${number}`);
    return { action, milestone: present.milestone(item, repository, this.simulator.urls), ...this.#common(repository) };
  }

  dependabotAlert(action: string, repository: SimRepository, number: number) {
    const item = repository.alerts.find((alert) => alert.number === number);
    if (!item) throw new Error(`no alert #${number}`);
    return { action, alert: present.alert(item, repository, this.simulator.urls), ...this.#common(repository) };
  }

  push(repository: SimRepository, files: string[]) {
    return {
      ref: `refs/heads/${repository.defaultBranch}`,
      before: "0".repeat(40),
      after: "1".repeat(40),
      commits: [{ id: "1".repeat(40), message: "Update config", added: [], removed: [], modified: files }],
      head_commit: { id: "1".repeat(40), message: "Update config", added: [], removed: [], modified: files },
      ...this.#common(repository),
    };
  }

  installationRepositories(action: "added" | "removed", repositories: SimRepository[]) {
    const first = repositories[0];
    if (!first) throw new Error("no repositories");
    const common = this.#common(first);
    const listed = repositories.map((repository) => ({
      id: repository.id,
      name: repository.name,
      full_name: `${repository.owner}/${repository.name}`,
      private: repository.private,
    }));
    return {
      action,
      installation: { ...common.installation, account: common.sender },
      repository_selection: "selected",
      repositories_added: action === "added" ? listed : [],
      repositories_removed: action === "removed" ? listed : [],
      sender: common.sender,
    };
  }
}
