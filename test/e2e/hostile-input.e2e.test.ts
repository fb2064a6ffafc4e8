import { request as httpRequest } from "node:http";
import { closeMilestone, deliver, deploy, openPull, type SimRepository } from "@shipshape/simulator";
import { describe, expect, it } from "vitest";
import { UNPACED } from "../../demo/start-app.js";
import { runSweep } from "../../src/sweep/cli-sweep.js";
import { appProcessSuite } from "../helpers/app-process.js";

/**
 * Input any pull-request author or repository admin can write must not stall the app for other
 * repositories: the app as `npm start` runs it, against the suite.simulator, judged by what it writes.
 */
describe("hostile input", () => {
  const suite = appProcessSuite();
  const send = suite.send;
  /** A repository of its own installation, with `.github/shipshape.yml` holding `config`. */
  const repositoryOf = (
    owner: string,
    name: string,
    config = "pull_requests:\n  requirements:\n    enforcement: warn\n",
  ): SimRepository => {
    const installation = suite.simulator.store.addInstallation(owner);
    const repository = suite.simulator.store.addRepository(`${owner}/${name}`, installation.id);
    suite.simulator.store.putFile(repository, ".github/shipshape.yml", config);
    return repository;
  };

  it("answers another installation while a 64 KB description of 16,380 list items is refused at once, saying why", async () => {
    const hostileRepository = repositoryOf("mallory", "trap");
    const normalRepository = repositoryOf("acme", "payments");
    // A repository that deploys (an older production release), so that rollback applies to it.
    deploy(suite.simulator.store, normalRepository, "0".repeat(40), "production", "success");
    // 16,384 list items: seconds of parsing before, within what a real description may be.
    const hostile = openPull(suite.simulator.store, hostileRepository, {
      title: "Innocent change",
      body: `## Notes\n${"- a\n".repeat(16_380)}`,
      files: ["src/a.ts", "test/a.test.ts"],
    });
    const normal = openPull(suite.simulator.store, normalRepository, {
      title: "Refunds (#12)",
      body: "## Rollback\nRevert the merge commit; nothing else changes.",
      files: ["src/refunds.ts", "test/refunds.test.ts"],
    });

    const hostileDelivery = send("pull_request", suite.payloads.pullRequest("opened", hostileRepository, hostile));
    expect((await send("pull_request", suite.payloads.pullRequest("opened", normalRepository, normal))).status).toBe(
      200,
    );
    expect(normalRepository.checkRuns).toHaveLength(1);
    expect(normalRepository.checkRuns[0]?.output.summary).toContain("| ✅ | Rollback |");

    expect((await hostileDelivery).status).toBe(200);
    expect(hostileRepository.checkRuns).toHaveLength(1);
    expect(hostileRepository.checkRuns[0]?.conclusion).toBe("failure");
    expect(hostileRepository.checkRuns[0]?.output.summary).toContain(
      "the description has 16,380 list items and quotes (counting each level of nesting); Shipshape analyses descriptions with at most 4,000",
    );
  });

  it("refuses at once to analyse 64 KB of emphasis markers, and fails that check saying why", async () => {
    const repository = repositoryOf("mallory2", "trap");
    const pull = openPull(suite.simulator.store, repository, {
      title: "Innocent change",
      body: `## Rollback\n${"_*".repeat(32_000)}`,
      files: ["src/a.ts", "test/a.test.ts"],
    });
    expect((await send("pull_request", suite.payloads.pullRequest("opened", repository, pull))).status).toBe(200);
    const [run] = repository.checkRuns;
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain(
      "Could not check rollback: the description has 64,000 emphasis markers (asterisks and underscores); Shipshape analyses descriptions with at most 10,000",
    );
    expect(run?.output.summary).not.toMatch(/\| ✅ \|/);
  });

  it("matches a catastrophic pattern from the config in linear time", async () => {
    const repository = repositoryOf("eve", "patterns", 'pull_requests:\n  requirements:\n    key_pattern: "(a+)+$"\n');
    const pull = openPull(suite.simulator.store, repository, {
      title: `${"a".repeat(64)}!`,
      files: ["README.md"],
    });
    expect((await send("pull_request", suite.payloads.pullRequest("opened", repository, pull))).status).toBe(200);
    const [run] = repository.checkRuns;
    expect(run?.output.summary).toContain("| ⚠️ | Requirements | The PR links no issue or requirement.");
  });

  it("says where a manifest is invalid without echoing its text: no mention, image beacon, HTML or reference", async () => {
    const repository = repositoryOf("trudy", "manifests");
    const pull = openPull(suite.simulator.store, repository, {
      title: "Add a dependency (#3)",
      files: ["pyproject.toml", "src/app.py", "tests/test_app.py"],
    });
    suite.simulator.store.putFile(repository, "pyproject.toml", '[project]\nname = "app"\n');
    suite.simulator.store.putFile(
      repository,
      "pyproject.toml",
      '[project]\nname = "app"\ndependencies = @team ![x](https://beacon.example/p.png) <img src=x onerror=alert(1)> #9\n',
      pull.head.sha,
    );
    await send("pull_request", suite.payloads.pullRequest("opened", repository, pull));
    const [run] = repository.checkRuns;
    const written = `${run?.output.summary}\n${run?.output.text}`;
    expect(written).toContain("pyproject.toml is not valid TOML at line 3");
    expect(written).not.toMatch(/@team|!\[x\]|beacon\.example|<img|#9/);
  });

  it("refuses a 30 MB webhook before buffering it, and never logs an unverified payload", async () => {
    const url = suite.app.webhookUrl;
    // Headers announcing 30 MB, and no body: the server answers from the headers alone.
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(url, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": 30 * 1024 * 1024, "x-github-event": "push" },
      });
      request.on("response", (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
      });
      request.flushHeaders();
    });
    expect(status).toBe(413);

    const before = suite.app.output().length;
    const forged = await deliver({ url, secret: "not-the-secret" }, "issues", { marker: "UNVERIFIED-PAYLOAD-7f3a" });
    expect(forged.status).toBe(401);
    expect(suite.app.output().slice(before)).not.toContain("UNVERIFIED-PAYLOAD-7f3a");
    expect((await fetch(url.replace("/api/github/webhooks", "/ping"))).status).toBe(200);
  });

  it("reports 50 problems of a config with thousands of unknown keys, quickly enough to answer", async () => {
    const keys = Array.from({ length: 5000 }, (_, index) => `key_${index}: 1`).join("\n"); // ~58 KB
    const repository = repositoryOf("oscar", "keys", keys);
    const pull = openPull(suite.simulator.store, repository, { title: "Change", files: ["src/a.ts"] });
    expect((await send("pull_request", suite.payloads.pullRequest("opened", repository, pull))).status).toBe(200);
    const [run] = repository.checkRuns;
    expect(run?.output.title).toBe("Invalid configuration: 51 problems");
    expect(run?.output.summary).toContain("… and 4950 more problems");
  });

  it("keeps _extends in its lane: another repository's file is named, its keys and lines are not", async () => {
    const installation = suite.simulator.store.addInstallation("peggy");
    const repository = suite.simulator.store.addRepository("peggy/app", installation.id);
    const infra = suite.simulator.store.addRepository("peggy/infra", installation.id);
    suite.simulator.store.putFile(infra, ".github/deploy.yml", "database_password: hunter2\nsecret_token: abc\n");
    suite.simulator.store.putFile(repository, ".github/shipshape.yml", '_extends: "peggy/infra:.github/deploy.yml"\n');
    const pull = openPull(suite.simulator.store, repository, { title: "Change", files: ["src/a.ts"] });
    await send("pull_request", suite.payloads.pullRequest("opened", repository, pull));
    const summary = repository.checkRuns[0]?.output.summary ?? "";
    expect(summary).toContain("`peggy/infra:.github/deploy.yml:1:1`");
    expect(summary).toContain("has 2 problems; fix it in that repository");
    expect(summary).not.toMatch(/database_password|secret_token|hunter2/);

    suite.simulator.store.putFile(repository, ".github/shipshape.yml", '_extends: "peggy/infra:deploy/secrets.yml"\n');
    const next = openPull(suite.simulator.store, repository, { title: "Next", files: ["src/b.ts"] });
    const readsBefore = suite.simulator.calls.filter((call) => call.path.includes("/repos/peggy/infra/")).length;
    await send("pull_request", suite.payloads.pullRequest("opened", repository, next));
    expect(suite.simulator.calls.filter((call) => call.path.includes("/repos/peggy/infra/")).length).toBe(readsBefore);
    expect(repository.checkRuns.find((run) => run.head_sha === next.head.sha)?.output.summary).toContain(
      "files can be extended",
    );
  });

  it("reads a requirements file of 1 MB written to stall a backtracking parser, and names its new dependency", async () => {
    const repository = repositoryOf("oscar", "pins", "pull_requests:\n  dependencies:\n    enforcement: error\n");
    const pull = openPull(suite.simulator.store, repository, {
      title: "Pin (#5)",
      files: ["requirements.txt"],
    });
    suite.simulator.store.putFile(repository, "requirements.txt", "django==5.0\n", pull.base.sha);
    // Issue 19: one line `./` + `-1`×N + `~` took 3 s at 60 KB and minutes at the read cap.
    const hostile = `./${"-1".repeat(500_000)}~`;
    suite.simulator.store.putFile(
      repository,
      "requirements.txt",
      `django==5.0\nflask==3.0\n${hostile}\n`,
      pull.head.sha,
    );
    expect((await send("pull_request", suite.payloads.pullRequest("opened", repository, pull))).status).toBe(200);
    const [run] = repository.checkRuns;
    expect(run?.output.summary).toContain("| ❌ | Dependencies | A new dependency has no justification: `flask`.");
  });

  it("never downloads a manifest over 1 MB, and says so", async () => {
    const repository = repositoryOf("victor", "big");
    const pull = openPull(suite.simulator.store, repository, {
      title: "Vendor everything (#4)",
      files: ["package.json", "src/a.ts", "test/a.test.ts"],
    });
    const dependencies = Object.fromEntries(
      Array.from({ length: 60_000 }, (_, index) => [`package-${index}`, "1.0.0"]),
    );
    suite.simulator.store.putFile(repository, "package.json", JSON.stringify({ dependencies }), pull.head.sha);
    await send("pull_request", suite.payloads.pullRequest("opened", repository, pull));
    const [run] = repository.checkRuns;
    expect(run?.output.summary).toContain("package.json is larger than 1 MB, more than Shipshape reads");
  });

  it("shows a configured label in the lapse issue as inert text, not markdown", async () => {
    const repository = repositoryOf(
      "walter",
      "labels",
      'cadence:\n  sprint_review:\n    evidence:\n      labels: ["review\\n\\n## Injected @team <img src=x>"]\n',
    );
    closeMilestone(repository, "Sprint 1", new Date(Date.now() - 40 * 86_400_000).toISOString());
    expect(
      await runSweep(
        "walter/labels",
        { ...suite.simulator.appEnvironment(), LOG_LEVEL: "silent" },
        () => {},
        undefined,
        UNPACED,
      ),
    ).toBe(0);
    const lapse = repository.issues.find((issue) => issue.body?.includes("<!-- shipshape:lapse:sprint_review -->"));
    expect(lapse?.body).toContain("Injected");
    expect(lapse?.body).not.toMatch(/\n## Injected|@team|<img/);
  });

  it("refuses a glob whose wildcards would make matching explode, as a config error at its line", async () => {
    const repository = repositoryOf("grace", "globs", "pull_requests:\n  tests:\n    source: ['*a*a*a*a*a*a*b']\n");
    const pull = openPull(suite.simulator.store, repository, { title: "Change", files: [`src/${"a".repeat(100)}.ts`] });
    expect((await send("pull_request", suite.payloads.pullRequest("opened", repository, pull))).status).toBe(200);
    const [run] = repository.checkRuns;
    expect(run?.output.title).toBe("Invalid configuration: 1 problem");
    expect(run?.output.summary).toContain("`.github/shipshape.yml:3:14`");
    expect(run?.output.summary).toContain("may have at most 3");
  });

  it("is ready without Redis when GitHub accepts its credentials", async () => {
    const ready = await fetch(`${suite.app.opsUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, github: "credentials accepted" });
  });
});
