import { createHmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { openPull } from "@shipshape/simulator";
import { describe, expect, it } from "vitest";
import { appProcessSuite } from "../helpers/app-process.js";

/** One raw request: `path` is sent as written (fetch would normalise `/./` and `//`). */
function rawPost(
  url: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: "POST",
      path,
      headers: { ...headers, "content-type": "application/json" },
    });
    request.on("response", (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const sign = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/**
 * The public port has one door: the exact webhook path. Every other spelling of it is answered 404
 * by the front server before Probot (which normalises paths) sees it, signed or not.
 */
describe("the webhook door", () => {
  const suite = appProcessSuite({ LOG_LEVEL: "debug" });

  it.each([
    "/api/github/webhooks/",
    "//x/api/github/webhooks",
    "/api/github/./webhooks",
    "/api/github/x/../webhooks",
    "/api/github/%77ebhooks",
    "/api%2Fgithub%2Fwebhooks",
    "/api/github/webhooks?",
    "/api/github/webhooks?x=1",
    "/api/github/webhooks#x",
    "/API/github/webhooks",
    "http://127.0.0.1/api/github/webhooks",
  ])("answers 404 to %s, and Probot never handles it", async (path) => {
    const installation = suite.simulator.store.addInstallation(`door-${Math.random().toString(36).slice(2)}`);
    const repository = suite.simulator.store.addRepository(`${installation.account.login}/api`, installation.id);
    suite.simulator.store.putFile(repository, ".github/shipshape.yml", "{}\n");
    const pull = openPull(suite.simulator.store, repository, { title: "Door (#1)", files: ["src/a.ts"] });
    const body = JSON.stringify(suite.payloads.pullRequest("opened", repository, pull));
    const callsBefore = suite.simulator.calls.length;
    const answer = await rawPost(suite.app.webhookUrl, path, body, {
      "x-github-event": "pull_request",
      "x-github-delivery": `door-${path}`,
      "x-hub-signature-256": sign(suite.app.secret, body),
    });
    expect(answer.status).toBe(404);
    expect(suite.simulator.calls.slice(callsBefore)).toEqual([]);
    expect(repository.checkRuns).toEqual([]);
  });

  it("never logs a payload: not one refused for its signature, not one handled (even at LOG_LEVEL=debug)", async () => {
    const url = suite.app.webhookUrl;
    const before = suite.app.output().length;
    for (const path of ["/api/github/webhooks", "//x/api/github/webhooks", "/api/github/webhooks/"]) {
      const body = JSON.stringify({ action: "opened", marker: "UNVERIFIED-PAYLOAD-51c2" });
      const answer = await rawPost(url, path, body, {
        "x-github-event": "issues",
        "x-github-delivery": `forged-${path}`,
        "x-hub-signature-256": sign("not-the-secret", body),
      });
      expect([401, 404]).toContain(answer.status);
    }
    const signed = JSON.stringify({ action: "opened", zen: "VERIFIED-PAYLOAD-9e0d" });
    const handled = await rawPost(url, "/api/github/webhooks", signed, {
      "x-github-event": "ping",
      "x-github-delivery": "signed-ping",
      "x-hub-signature-256": sign(suite.app.secret, signed),
    });
    expect(handled.status).toBe(200);
    const logged = suite.app.output().slice(before);
    expect(logged).not.toContain("UNVERIFIED-PAYLOAD-51c2");
    expect(logged).not.toContain("VERIFIED-PAYLOAD-9e0d");
  });
});
