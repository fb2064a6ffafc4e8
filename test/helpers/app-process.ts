import { deliver, GitHubSimulator, PayloadFactory } from "@shipshape/simulator";
import { afterAll, beforeAll } from "vitest";
import { type AppProcess, startAppProcess } from "./spawn-app.js";

export { type AppProcess, startAppProcess };

export interface AppProcessSuite {
  readonly simulator: GitHubSimulator;
  readonly app: AppProcess;
  readonly payloads: PayloadFactory;
  /** Sends a signed webhook to the app, as GitHub would. */
  send: (event: string, payload: unknown, id?: string) => ReturnType<typeof deliver>;
  /** Starts the app process anew (after a test killed it), with the same environment. */
  restart: () => Promise<void>;
}

/**
 * A simulator and the app process against it, started before the suite's tests and stopped
 * after them: the setup every end-to-end suite of the running app shares.
 */
export function appProcessSuite(extraEnv: Record<string, string> = {}): AppProcessSuite {
  let simulator: GitHubSimulator | undefined;
  let app: AppProcess | undefined;
  let payloads: PayloadFactory | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the suite has not started yet (use it inside tests)");
    return value;
  };
  beforeAll(async () => {
    simulator = new GitHubSimulator();
    await simulator.start();
    payloads = new PayloadFactory(simulator);
    app = await startAppProcess(simulator, extraEnv);
  });
  afterAll(async () => {
    await app?.stop();
    await simulator?.stop();
  });
  return {
    get simulator() {
      return started(simulator);
    },
    get app() {
      return started(app);
    },
    get payloads() {
      return started(payloads);
    },
    send: (event, payload, id) => {
      const running = started(app);
      return deliver({ url: running.webhookUrl, secret: running.secret }, event, payload, id);
    },
    restart: async () => {
      await app?.stop();
      app = await startAppProcess(started(simulator), extraEnv);
    },
  };
}
