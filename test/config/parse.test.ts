import { describe, expect, it } from "vitest";
import { formatProblem, suggestKey } from "../../src/config/diagnostics.js";
import { mergeLayers } from "../../src/config/merge.js";
import { finalizeConfig, knownKeysAt, MAX_CONFIG_BYTES, parseConfigFile } from "../../src/config/parse.js";
import { defaultConfig } from "../../src/config/schema.js";

const problemsOf = (text: string) => {
  const parsed = parseConfigFile(text, ".github/shipshape.yml");
  return parsed.ok ? [] : parsed.problems.map(formatProblem);
};

describe("config file parsing", () => {
  it.each<[string, string, string[]]>([
    ["an empty file", "", []],
    ["only comments", "# nothing yet\n", []],
    ["a valid override", "pull_requests:\n  tests:\n    enforcement: warn\n", []],
    [
      "a typo in a key",
      "pull_requests:\n  tests:\n    enforcment: warn\n",
      ['.github/shipshape.yml:3:5 pull_requests.tests.enforcment: unknown key, did you mean "enforcement"?'],
    ],
    [
      "an unknown top-level key with no close match",
      "notifications: true\n",
      [
        ".github/shipshape.yml:1:1 notifications: unknown key, known keys: _extends, pull_requests, cadence, maintenance, status_issue, outcomes, gate, waivers",
      ],
    ],
    [
      "a freeze window with a weekday typo",
      'gate:\n  freeze:\n    - "Fri 16:00 - Mon 08:00"\n    - "Fry 16:00 - Mon 08:00"\n',
      ['.github/shipshape.yml:4:7 gate.freeze.1: "Fry" is not a weekday; write Mon, Tue, Wed, Thu, Fri, Sat or Sun'],
    ],
    [
      "a time zone that is an abbreviation",
      "gate:\n  timezone: CEST\n",
      [
        ".github/shipshape.yml:2:13 gate.timezone: is not an IANA time zone; write one such as UTC, Europe/Berlin or America/New_York",
      ],
    ],
    [
      "a typo in a gate key",
      "gate:\n  staged_whithin: 3d\n",
      ['.github/shipshape.yml:2:3 gate.staged_whithin: unknown key, did you mean "staged_within"?'],
    ],
    [
      "a wrong enforcement value",
      "pull_requests:\n  staging:\n    enforcement: strict\n",
      ['.github/shipshape.yml:3:18 pull_requests.staging.enforcement: must be one of "off", "warn", "error"'],
    ],
    [
      "a duration that is not one",
      "cadence:\n  sprint_review:\n    every: fortnightly\n",
      [
        ".github/shipshape.yml:3:12 cadence.sprint_review.every: must be a duration such as 36h, 14d or 2w (units: m, h, d, w)",
      ],
    ],
    [
      "a duration in months",
      "cadence:\n  sprint_review:\n    every: 1M\n",
      [
        ".github/shipshape.yml:3:12 cadence.sprint_review.every: months vary in length: write days or weeks instead, e.g. 30d",
      ],
    ],
    [
      "a duration without a unit",
      "maintenance:\n  dependency_patches:\n    max_age: 14\n",
      [
        ".github/shipshape.yml:3:14 maintenance.dependency_patches.max_age: needs a unit: m (minutes), h, d or w, e.g. 14d",
      ],
    ],
    [
      "a string where a list belongs",
      "pull_requests:\n  skip_authors: dependabot\n",
      [".github/shipshape.yml:2:17 pull_requests.skip_authors: must be an array"],
    ],
    [
      "a key pattern that is not a regular expression",
      "pull_requests:\n  requirements:\n    key_pattern: '[A-Z'\n",
      [
        ".github/shipshape.yml:3:18 pull_requests.requirements.key_pattern: is not a pattern RE2 accepts (missing closing ]: `[A-Z`); backreferences and lookaround are not supported",
      ],
    ],
    [
      "a key pattern with a backreference (RE2 runs in linear time, so it has none)",
      "pull_requests:\n  requirements:\n    key_pattern: '([A-Z])\\1-\\d+'\n",
      [
        ".github/shipshape.yml:3:18 pull_requests.requirements.key_pattern: is not a pattern RE2 accepts (invalid escape sequence: `\\1`); backreferences and lookaround are not supported",
      ],
    ],
    [
      "broken YAML",
      "pull_requests: [\n",
      [
        ".github/shipshape.yml:2:1 invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
      ],
    ],
    [
      "a list instead of a mapping",
      "- tests\n",
      [".github/shipshape.yml:1:1 the file must be a YAML mapping of keys to values"],
    ],
    [
      "a duplicated key",
      "status_issue: {}\nstatus_issue: {}\n",
      [".github/shipshape.yml:2:1 invalid YAML: Map keys must be unique"],
    ],
  ])("%s", (_situation, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  it("refuses an alias bomb with a clear error", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
    ].join("\n");
    expect(problemsOf(bomb)).toEqual([
      ".github/shipshape.yml:1:1 invalid YAML: Excessive alias count indicates a resource exhaustion attack",
    ]);
  });

  it("reports at most 50 problems of a file with thousands, and says how many more there are", () => {
    const text = Array.from({ length: 3000 }, (_, index) => `unknown_${index}: 1`).join("\n");
    const problems = problemsOf(text);
    expect(problems).toHaveLength(51);
    expect(problems.at(-1)).toBe(".github/shipshape.yml:1:1 … and 2950 more problems");
  });

  it("bounds the wildcards of a glob, which multiply the cost of matching it", () => {
    expect(problemsOf("pull_requests:\n  tests:\n    source: ['*a*a*a*a*b']\n")).toEqual([
      ".github/shipshape.yml:3:14 pull_requests.tests.source.0: may have at most 3 * wildcards between two slashes (** as a whole segment aside)",
    ]);
  });

  it("refuses a file over the size limit before parsing it", () => {
    const huge = `# ${"x".repeat(MAX_CONFIG_BYTES)}\n`;
    expect(problemsOf(huge)[0]).toMatch(new RegExp(`a config file may be at most ${MAX_CONFIG_BYTES} bytes`));
  });

  it("reports every problem, not only the first", () => {
    expect(problemsOf("pull_requests:\n  tests:\n    enforcement: loud\n  stagin: {}\n")).toHaveLength(2);
  });

  it("suggests only plausible keys", () => {
    expect(suggestKey("enviroments", ["enforcement", "environments", "checks"])).toBe("environments");
    expect(suggestKey("colour", ["enforcement", "environments"])).toBeUndefined();
    expect(knownKeysAt(["pull_requests", "tests"])).toEqual(["enforcement", "source", "tests"]);
  });
});

describe("config layers", () => {
  it("fills every default from the schema", () => {
    expect(finalizeConfig({})).toEqual(defaultConfig);
    expect(defaultConfig.pull_requests.requirements.enforcement).toBe("warn");
    expect(defaultConfig.maintenance.dependency_patches.alert_sla.critical).toBe("3d");
  });

  it("lets the more specific layer win key by key and replaces lists whole", () => {
    const repo = { pull_requests: { staging: { environments: ["qa"] } } };
    const org = {
      pull_requests: {
        staging: { enforcement: "warn", environments: ["staging", "uat"] },
        tests: { enforcement: "off" },
      },
    };
    const config = finalizeConfig(mergeLayers([repo, org]));
    expect(config.pull_requests.staging).toEqual({
      enforcement: "warn",
      environments: ["qa"],
      checks: [],
      paths: null,
    });
    expect(config.pull_requests.tests.enforcement).toBe("off");
  });
});
