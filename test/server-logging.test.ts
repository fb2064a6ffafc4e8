import { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { createLog } from "../src/server.js";
import { privateKey } from "./helpers/keys.js";

/**
 * Probot logs a failed delivery's error with its event attached (`err.event.payload`, in the
 * AggregateError and in each of its errors) and, at debug level, every event it receives: the
 * server's logger, which Probot is given, keeps every payload out of its lines.
 */
describe("the server's logger", () => {
  it("logs which delivery failed, never its payload, through Probot's own error handling", async () => {
    const lines: string[] = [];
    const log = createLog({ LOG_LEVEL: "debug" }, { write: (line: string) => lines.push(line) });
    const probot = new Probot({ appId: 1, privateKey, secret: "webhook-secret", log });
    await probot.load((app) => {
      app.on("issues", async () => {
        throw new Error("handler failed");
      });
    });
    const received = probot.receive({
      id: "delivery-1",
      name: "issues",
      payload: { action: "opened", issue: { title: "PAYLOAD-TEXT-4b1e" } } as never,
    });
    await expect(received).rejects.toThrow("handler failed");
    const logged = lines.join("");
    expect(logged).toContain("handler failed");
    expect(logged).toContain("delivery-1");
    expect(logged).not.toContain("PAYLOAD-TEXT-4b1e");
  });

  it("keeps a payload out of any line that carries an event or a payload", () => {
    const lines: string[] = [];
    const log = createLog({ LOG_LEVEL: "info" }, { write: (line: string) => lines.push(line) });
    const event = { id: "d-2", name: "push", payload: { head_commit: { message: "PAYLOAD-TEXT-77aa" } } };
    log.info({ event }, "received");
    log.info({ payload: event.payload }, "received");
    log.error(Object.assign(new Error("failed"), { event }));
    log.error({ err: new AggregateError([Object.assign(new Error("inner"), { event })], "outer") }, "failed");
    expect(lines).toHaveLength(4);
    expect(lines.join("")).not.toContain("PAYLOAD-TEXT-77aa");
    expect(JSON.parse(lines[0] ?? "{}").event).toEqual({ id: "d-2", name: "push" });
  });
});
