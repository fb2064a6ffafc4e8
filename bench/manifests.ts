import { deliver, openPull } from "@shipshape/simulator";
import { startProbotServer, UNPACED } from "../demo/start-app.js";
import { createApp } from "../src/app.js";
import { parseManifest } from "../src/manifests/parse.js";
import { HOSTILE_MANIFESTS } from "../test/manifests/hostile.js";
import { bestMs } from "./measure.js";
import { fixture } from "./scenarios.js";

const CONFIG = "pull_requests:\n  dependencies:\n    enforcement: error\n";
const CAP = 1024 * 1024;

/** An ordinary requirements file of the read cap's size: the baseline hostile manifests are compared with. */
function benign(): string {
  const requirement = (index: number) => `package-${index}==1.0.${index}\n`;
  let text = "";
  for (let index = 0; text.length < CAP - 40; index++) text += requirement(index);
  return text;
}

/** The longest the event loop went without running a 5 ms timer while `work` ran: what `/ping` would have waited. */
async function worstStall(work: () => Promise<unknown>): Promise<number> {
  let worst = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return Math.max(worst, 0);
}

/**
 * Manifests written to stall the parser (issue 19), at the 1 MB read cap: how long each takes to
 * parse against an ordinary manifest of the same size and format (the same run's baseline), and
 * the main thread's worst stall while a pull request changing one is judged, with parsing in the
 * worker pool and, for comparison, on the main thread.
 */
export async function hostileManifests(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const round = (value: number) => Math.round(value * 10) / 10;
  // The baseline: an ordinary requirements file of the same size, parsed in the same run.
  const baselineMs = await bestMs(() => parseManifest("requirements.txt", benign()));
  let worstMs = 0;
  for (const { path, label, text } of HOSTILE_MANIFESTS) {
    const hostileMs = await bestMs(() => parseManifest(path, text));
    const key = `${path}_${label}`.replace(/[^A-Za-z0-9]+/g, "_").toLowerCase();
    figures[`parse_ms_1mb_${key}`] = round(hostileMs);
    worstMs = Math.max(worstMs, hostileMs);
  }
  figures.parse_ms_1mb_ordinary_requirements = round(baselineMs);
  figures.parse_ratio_worst_hostile_to_ordinary = Math.round((worstMs / baselineMs) * 100) / 100;

  const stallOf = async (inProcessEvaluation: boolean, manifest: string): Promise<number> => {
    const env = await fixture();
    const app = await startProbotServer(env.simulator, createApp({ sweepIntervalMs: 0, inProcessEvaluation }), {
      Octokit: UNPACED,
    });
    try {
      const repository = env.simulator.store.addRepository(
        `acme/m${Math.random()}`.replace(".", ""),
        env.installationId,
      );
      env.simulator.store.putFile(repository, ".github/shipshape.yml", CONFIG);
      const target = { url: app.webhookUrl, secret: app.secret };
      // Warm: the pool's workers and the app's first delivery.
      const warm = openPull(env.simulator.store, repository, { title: "Warm (#1)", files: ["README.md"] });
      await deliver(target, "pull_request", env.payloads.pullRequest("opened", repository, warm));
      const pull = openPull(env.simulator.store, repository, { title: "Pin (#2)", files: ["requirements.txt"] });
      // The same 1 MB at the base and the head, plus one new dependency: both are parsed, one name is added.
      env.simulator.store.putFile(repository, "requirements.txt", manifest, pull.base.sha);
      env.simulator.store.putFile(repository, "requirements.txt", `${manifest}\nflask==3.0\n`, pull.head.sha);
      return await worstStall(() =>
        deliver(target, "pull_request", env.payloads.pullRequest("opened", repository, pull)),
      );
    } finally {
      await app.stop();
      await env.simulator.stop();
    }
  };
  const hostile = HOSTILE_MANIFESTS.find((manifest) => manifest.label === "a URL of `-1` runs")?.text ?? "";
  const ordinary = benign();
  await stallOf(false, ordinary); // the first app of the run starts the pool and warms the JIT: not measured
  figures.stall_ms_worst_ordinary_1mb_in_pool = round(await stallOf(false, ordinary));
  figures.stall_ms_worst_hostile_1mb_in_pool = round(await stallOf(false, hostile));
  figures.stall_ms_worst_hostile_1mb_on_main_thread = round(await stallOf(true, hostile));
  figures.stall_ratio_hostile_to_ordinary_in_pool =
    Math.round(
      (figures.stall_ms_worst_hostile_1mb_in_pool / Math.max(figures.stall_ms_worst_ordinary_1mb_in_pool, 1)) * 100,
    ) / 100;
  figures.stall_goal_ms = 100;
  return figures;
}
