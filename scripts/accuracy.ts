import { configSchema } from "../src/config/schema.js";
import { withPatchReadings } from "../src/isolation/patch-readings.js";
import type { PullRequestFacts } from "../src/practices/facts.js";
import { CORPUS } from "../test/corpus/cases.js";
import {
  type Disagreement,
  falsePassRate,
  judgeCases,
  judgeCorpus,
  type PracticeAccuracy,
} from "../test/corpus/harness.js";
import { loadRealCorpus, type RealCase, realExpectations, realFacts } from "../test/corpus/real/real-corpus.js";

/**
 * `npm run accuracy`: runs the evaluators over the labelled corpora and reports, per practice, the
 * false failures (a reviewer passes it or calls it not applicable, Shipshape fails it) and false
 * passes (a reviewer fails it, Shipshape does not) — the written corpus (test/corpus/cases.ts) and
 * the real one (test/corpus/real/, when its pull requests were extracted on this machine) apart.
 * `--json` prints the written corpus's figures; `--disagreements` lists every disagreement;
 * `--labels DIR --cache DIR` judges another labelled set of real pull requests (extracted with
 * scripts/real-corpus/extract.ts --labels DIR --out DIR) instead of test/corpus/real/.
 */
export function accuracyFigures(): Record<string, number> {
  const { practices } = judgeCorpus(CORPUS);
  const figures: Record<string, number> = { cases: CORPUS.length };
  for (const [practice, tally] of Object.entries(practices)) {
    figures[`${practice}_false_failures`] = tally.falseFailures;
    figures[`${practice}_false_passes`] = tally.falsePasses;
    figures[`${practice}_failing_cases`] = tally.failing;
    figures[`${practice}_false_pass_rate_percent`] = Math.round(falsePassRate(tally) * 1000) / 10;
  }
  return figures;
}

const percent = (part: number, whole: number) => (whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)} %`);

function printTable(practices: Record<string, PracticeAccuracy>): void {
  console.log("practice       cases  false failures      false passes        other  right");
  for (const [practice, tally] of Object.entries(practices)) {
    if (tally.cases === 0) continue;
    const wrong = tally.falseFailures + tally.falsePasses + tally.otherDisagreements;
    console.log(
      `${practice.padEnd(14)}${String(tally.cases).padStart(6)}${`${tally.falseFailures} (${percent(tally.falseFailures, tally.cases)})`.padStart(16)}${`${tally.falsePasses} of ${tally.failing}`.padStart(18)}${String(tally.otherDisagreements).padStart(13)}${percent(tally.cases - wrong, tally.cases).padStart(9)}`,
    );
  }
}

function printDisagreements(disagreements: readonly Disagreement[]): void {
  for (const disagreement of disagreements) {
    console.log(
      `  ${disagreement.id} ${disagreement.practice}: expected ${disagreement.expected}, got ${disagreement.actual} (${disagreement.summary})`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const showAll = process.argv.includes("--disagreements");
  const written = judgeCorpus(CORPUS);
  const groups = new Set(CORPUS.map((corpusCase) => corpusCase.ecosystem));
  console.log(`Written corpus: ${CORPUS.length} pull requests in ${groups.size} groups (${[...groups].join(", ")})\n`);
  printTable(written.practices);
  printDisagreements(written.disagreements);

  const option = (name: string) => {
    const index = process.argv.indexOf(name);
    return index >= 0 ? process.argv[index + 1] : undefined;
  };
  const labelsDir = option("--labels");
  const real = labelsDir ? loadRealCorpus(option("--cache") ?? labelsDir, labelsDir) : loadRealCorpus();
  if (!real) {
    console.log(
      "\nReal corpus: its pull requests are not extracted on this machine (npx tsx scripts/real-corpus/extract.ts needs the repositories' history; see test/corpus/real/README.md).",
    );
  } else {
    const defaults = configSchema.parse({});
    // The facts as the worker sees them: each file's patch read as the app reads it.
    const facts = new Map<string, PullRequestFacts>();
    for (const realCase of real) {
      facts.set(realCase.id, await withPatchReadings(defaults.pull_requests, realFacts(realCase)));
    }
    const judged = judgeCases(real, {
      facts: (realCase) => facts.get(realCase.id) ?? realFacts(realCase),
      expected: realExpectations,
      config: () => defaults,
    });
    const repositories = new Set(real.map((realCase) => realCase.repo));
    console.log(`\nReal corpus: ${real.length} merged pull requests of ${repositories.size} repositories\n`);
    printTable(judged.practices);
    const all = Object.values(judged.practices).reduce(
      (sum, tally) => ({
        cases: sum.cases + tally.cases,
        wrong: sum.wrong + tally.falseFailures + tally.falsePasses + tally.otherDisagreements,
      }),
      { cases: 0, wrong: 0 },
    );
    console.log(`\nverdicts right: ${percent(all.cases - all.wrong, all.cases)} of ${all.cases}`);
    const names = dependencyNames(real, (realCase) => facts.get(realCase.id) ?? realFacts(realCase));
    console.log(
      `dependency names exactly as labelled: ${names.exact} of ${names.cases} pull requests adding or labelled adding one`,
    );
    if (showAll) {
      printDisagreements(judged.disagreements);
      for (const line of names.wrong) console.log(`  ${line}`);
    }
  }
}

/** Whether the dependencies named as added are the labelled ones, name for name. */
function dependencyNames(
  real: readonly RealCase[],
  factsOf: (realCase: RealCase) => PullRequestFacts,
): { cases: number; exact: number; wrong: string[] } {
  const tally = { cases: 0, exact: 0, wrong: [] as string[] };
  for (const realCase of real) {
    const { manifests } = factsOf(realCase);
    const found = new Set(manifests?.ok ? manifests.value.manifests.flatMap((manifest) => manifest.added) : []);
    const labelled = new Set(realCase.labels.added_dependencies);
    if (found.size === 0 && labelled.size === 0) continue;
    tally.cases++;
    const missing = [...labelled].filter((name) => !found.has(name));
    const extra = [...found].filter((name) => !labelled.has(name));
    if (missing.length === 0 && extra.length === 0) tally.exact++;
    else
      tally.wrong.push(
        `${realCase.id} dependencies: missing [${missing.join(", ")}], not labelled [${extra.join(", ")}]`,
      );
  }
  return tally;
}
