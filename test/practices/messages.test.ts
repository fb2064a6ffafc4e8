import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import { evaluatePullRequest } from "../../src/practices/evaluate.js";
import type { PullRequestFacts } from "../../src/practices/facts.js";
import { type Message, plainText, quote, say } from "../../src/practices/message.js";
import { known, type PracticeResult, unknown } from "../../src/practices/types.js";
import { renderMessage } from "../../src/report/escape.js";

/** Text an author or a GitHub error could carry: a mention, a tag, a beacon, a reference, a table break. */
const HOSTILE = "@octo-team <img src=https://x.test/b.png> ![b](https://x.test/p.png) #9 a|b";

const config = {
  ...defaultConfig.pull_requests,
  staging: { ...defaultConfig.pull_requests.staging, environments: [HOSTILE] },
  rollback: { ...defaultConfig.pull_requests.rollback, heading: HOSTILE },
  dependencies: { ...defaultConfig.pull_requests.dependencies, heading: HOSTILE },
  requirements: { ...defaultConfig.pull_requests.requirements, key_pattern: "[A-Z]+-[0-9]+" },
};

const hostileFacts: PullRequestFacts = {
  title: HOSTILE,
  body: `## ${HOSTILE}\nshort`,
  headRef: HOSTILE,
  headSha: "ec26c3e5f0d9a1b2c3d4e5f60718293a4b5c6d7e",
  files: known({
    files: [
      { filename: `src/${HOSTILE}.ts`, status: "modified", changes: 3 },
      { filename: "package.json", status: "modified", changes: 1 },
    ],
    total: 2,
  }),
  deployments: known([{ environment: HOSTILE, state: HOSTILE }]),
  checks: unknown(`reading checks failed (${HOSTILE})`),
  manifests: known({ manifests: [{ path: `${HOSTILE}/package.json`, added: [HOSTILE] }], notRead: 0 }),
};

function messagesOf(result: PracticeResult): Message[] {
  return [result.summary, ...(result.fix ? [result.fix] : []), ...(result.details ?? [])];
}

describe("practice messages", () => {
  it("keep every value from the pull request or the config out of Shipshape's own words", () => {
    const results = evaluatePullRequest(config, hostileFacts);
    const ownWords = results.flatMap(messagesOf).flatMap((message) => message.filter((p) => typeof p === "string"));
    expect(ownWords.length).toBeGreaterThan(10);
    for (const words of ownWords) {
      expect(words).not.toMatch(/@octo|<img|!\[|#9|a\|b/);
    }
    // The values are there, as parts the renderer escapes.
    expect(results.flatMap(messagesOf).some((message) => plainText(message).includes(HOSTILE))).toBe(true);
  });

  it("render with no mention, tag, image or reference left live", () => {
    for (const result of evaluatePullRequest(config, hostileFacts)) {
      for (const message of messagesOf(result)) {
        const markdown = renderMessage(message);
        // Inside code spans nothing is live; there only the tag's `<` and the mention's `@` are swapped too.
        const prose = markdown.replace(/`[^`]*`/g, "");
        expect(prose).not.toMatch(/@octo|<img|(?<!\\)!\[|(?<!\\)#9/);
        expect(markdown).not.toMatch(/@octo|<img/);
      }
    }
  });

  it("take an interpolated string as foreign text and a quoted value as a name", () => {
    const message = say`Deployed ${quote("a`b")} because ${"**bold** @you"}; ${3} files on ${new Date("2026-11-25T10:00:00Z")}.`;
    expect(renderMessage(message)).toBe("Deployed `a'b` because \\*\\*bold\\*\\* @\u200byou; 3 files on 2026-11-25.");
    expect(plainText(message)).toBe("Deployed a`b because **bold** @you; 3 files on 2026-11-25.");
  });
});
