import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { accuracyFigures } from "../scripts/accuracy.js";
import { fleetFirstSweep } from "./fleet.js";
import { gateBudget } from "./gate.js";
import { hostileManifests } from "./manifests.js";
import { hostilePatches } from "./patches.js";
import {
  hostileLatency,
  largeSweep,
  memory,
  memoryWithRedis,
  organisationBudget,
  requestsPerScenario,
  throughput,
} from "./scenarios.js";

/**
 * `npm run bench`: requests per scenario, webhook throughput against a bare Probot app, a
 * 1,000-repository sweep and memory over 5,000 deliveries, all against the GitHub simulator in
 * this process. `--smoke` runs a small version (CI), writing bench/results.smoke.json instead;
 * `--only=hostile,sweep` runs those sections and prints them without writing a results file.
 */
const smoke = process.argv.includes("--smoke");
const only = process.argv
  .find((argument) => argument.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const sizes = smoke
  ? { deliveries: 40, repositories: 30, memoryDeliveries: 200, hostileSeconds: 3, fleet: [2, 20] as const }
  : { deliveries: 400, repositories: 1000, memoryDeliveries: 5_000, hostileSeconds: 16, fleet: [15, 100] as const };

async function main(): Promise<void> {
  const started = Date.now();
  const results: Record<string, unknown> = {
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? "unknown",
      memory_gb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: process.platform,
    },
    smoke,
  };
  const sections: [string, () => Promise<Record<string, number>>][] = [
    ["accuracy", async () => accuracyFigures()],
    ["requests", requestsPerScenario],
    ["throughput", () => throughput(sizes.deliveries)],
    ["hostile", () => hostileLatency(sizes.hostileSeconds)],
    ["hostile_manifests", hostileManifests],
    ["hostile_patches", hostilePatches],
    ["gate", gateBudget],
    ["sweep", () => largeSweep(sizes.repositories)],
    ["organisation", () => organisationBudget(sizes.repositories)],
    ["memory", () => memory(sizes.memoryDeliveries)],
    ["memory_redis", () => memoryWithRedis(sizes.memoryDeliveries)],
    ["fleet", () => fleetFirstSweep(sizes.fleet[0], sizes.fleet[1])],
  ];
  for (const [name, scenario] of sections) {
    if (only && !only.includes(name)) continue;
    const sectionStarted = Date.now();
    const figures = await scenario();
    results[name] = figures;
    console.log(`\n${name} (${Math.round((Date.now() - sectionStarted) / 100) / 10} s)`);
    for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(44)} ${value}`);
  }
  results.duration_seconds = Math.round((Date.now() - started) / 100) / 10;
  console.log(`\nbenchmark took ${results.duration_seconds} s`);
  if (only) return;
  const file = new URL(smoke ? "./results.smoke.json" : "./results.json", import.meta.url);
  await mkdir(new URL(".", file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
