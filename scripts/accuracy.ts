import { CORPUS } from "../test/corpus/cases.js";
import { falsePassRate, judgeCorpus } from "../test/corpus/harness.js";

/**
 * `npm run accuracy`: runs the evaluators over the labelled corpus in test/corpus/ and reports,
 * per practice, the false failures (a reviewer passes it or calls it not applicable, Shipshape
 * fails it) and false passes (a reviewer fails it, Shipshape does not). `--json` prints the figures.
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const { practices, disagreements } = judgeCorpus(CORPUS);
  const ecosystems = new Set(CORPUS.map((corpusCase) => corpusCase.ecosystem));
  console.log(`${CORPUS.length} pull requests from ${ecosystems.size} groups (${[...ecosystems].join(", ")})\n`);
  console.log("practice      false failures  false passes  (of failing)  other");
  for (const [practice, tally] of Object.entries(practices)) {
    console.log(
      `${practice.padEnd(14)}${String(tally.falseFailures).padStart(14)}${String(tally.falsePasses).padStart(14)}${`(${tally.failing})`.padStart(14)}${String(tally.otherDisagreements).padStart(7)}`,
    );
  }
  for (const disagreement of disagreements) {
    console.log(
      `\n${disagreement.id} ${disagreement.practice}: expected ${disagreement.expected}, got ${disagreement.actual} (${disagreement.summary})`,
    );
  }
}
