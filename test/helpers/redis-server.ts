import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { freePort } from "../../demo/start-app.js";

export interface RedisServer {
  url: string;
  stop: () => Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted), as after an outage. */
  restart: () => Promise<void>;
}

/**
 * A real `redis-server` (Debian's package) on a free port, without persistence. `.ci/run`
 * installs it when missing; without it the test fails saying how to install it.
 */
export async function startRedisServer(): Promise<RedisServer> {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error("redis-server is not installed: run `apt-get install -y redis-server` (as .ci/run does)");
  }
  const port = await freePort();
  let child = await spawnRedis(port);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: async () => {
      await stop();
      child = await spawnRedis(port);
    },
  };
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      execFileSync("redis-cli", ["-p", String(port), "ping"], { stdio: "pipe" });
      return child;
    } catch {
      if (Date.now() > deadline) throw new Error("redis-server did not start");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
