import { createHmac, randomUUID } from "node:crypto";
import * as present from "./present.js";
import { sha } from "./seed.js";
import type { GitHubSimulator } from "./server.js";
import type { SimComment, SimDeployment, SimProtectionRun, SimPull, SimRepository } from "./store.js";

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

  /**
   * `deployment_protection_rule.requested` for a job waiting on the app's rule (webhook payload:
   * `environment`, `event`, `sha`, `ref`, `deployment_callback_url`, `deployment`, `pull_requests`).
   */
  deploymentProtectionRule(repository: SimRepository, run: SimProtectionRun) {
    const { urls } = this.simulator;
    const deployment = repository.deployments.find((item) => item.id === run.deploymentId);
    return {
      action: "requested",
      environment: run.environment,
      event: "push",
      sha: deployment?.sha,
      ref: `refs/heads/${repository.defaultBranch}`,
      deployment_callback_url: `${urls.api}/repos/${repository.owner}/${repository.name}/actions/runs/${run.id}/deployment_protection_rule`,
      deployment: deployment ? present.deployment(deployment, urls, repository) : null,
      pull_requests: [],
      ...this.#common(repository),
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

  /**
   * `merge_group.checks_requested` for a pull request entering the merge queue (webhook
   * "merge_group"): the group's commit is new, on the temporary branch
   * `gh-readonly-queue/{base}/pr-{number}-{base sha}`.
   */
  mergeGroup(repository: SimRepository, pull: SimPull, action = "checks_requested") {
    const headSha = sha(`merge-group:${pull.head.sha}`);
    return {
      action,
      merge_group: {
        head_sha: headSha,
        head_ref: `refs/heads/gh-readonly-queue/${pull.base.ref}/pr-${pull.number}-${pull.base.sha}`,
        base_sha: pull.base.sha,
        base_ref: `refs/heads/${pull.base.ref}`,
        head_commit: {
          id: headSha,
          tree_id: sha(`tree:${headSha}`),
          message: `Merge pull request #${pull.number} from ${pull.head.ref}`,
          timestamp: this.simulator.store.now(),
          author: { name: "GitHub", email: "noreply@github.com" },
          committer: { name: "GitHub", email: "noreply@github.com" },
        },
      },
      ...this.#common(repository),
    };
  }

  /** `check_suite` (e.g. `rerequested`: "Re-run all checks") for the suite of the app on a commit. */
  checkSuite(action: string, repository: SimRepository, pull: SimPull) {
    const { store } = this.simulator;
    return {
      action,
      check_suite: {
        id: store.nextId(),
        head_sha: pull.head.sha,
        head_branch: pull.head.ref,
        status: "completed",
        conclusion: "failure",
        app: { id: store.app.id, slug: store.app.slug, name: store.app.slug },
        pull_requests: [
          {
            number: pull.number,
            head: { ref: pull.head.ref, sha: pull.head.sha },
            base: { ref: pull.base.ref, sha: pull.base.sha },
          },
        ],
      },
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

  /**
   * `issue_comment` (created, edited, deleted) on an issue or pull request: a pull request's
   * `issue` carries a `pull_request` key with its URLs, never its head commit.
   */
  issueComment(action: string, repository: SimRepository, comment: SimComment, extra: Record<string, unknown> = {}) {
    const { urls } = this.simulator;
    const pull = repository.pulls.find((item) => item.number === comment.issueNumber);
    const issue = repository.issues.find((item) => item.number === comment.issueNumber);
    const presented = pull
      ? present.pullAsIssue(pull, repository, urls)
      : issue
        ? present.issue(issue, repository, urls)
        : undefined;
    if (!presented) throw new Error(`no issue or pull request #${comment.issueNumber}`);
    return {
      action,
      issue: presented,
      comment: present.issueComment(comment, repository, urls),
      ...this.#common(repository),
      sender: present.user(comment.user, urls),
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
