import { describe, expect, it } from "vitest";
import { changesOnlyDevPackages, lockChangesOnlyDevPackages, lockContextPaths } from "../../src/diff/dev-only-locks.js";

/** A bump of one package's entry, as npm v7+ writes it (4-space indentation here, as some projects keep it). */
const entry = (name: string, marks: string[], from = "2.13.2", to = "2.14.1") =>
  [
    "@@ -7452,14 +7452,14 @@",
    "             }",
    "         },",
    `         "node_modules/${name}": {`,
    `-            "version": "${from}",`,
    `-            "resolved": "https://registry.npmjs.org/${name}/-/${name}-${from}.tgz",`,
    `+            "version": "${to}",`,
    `+            "resolved": "https://registry.npmjs.org/${name}/-/${name}-${to}.tgz",`,
    ...marks.map((mark) => `             ${mark}`),
    '             "license": "MIT",',
    '             "dependencies": {',
    '-                "shell-quote": "^1.8.3"',
    '+                "shell-quote": "^1.8.4"',
    "             }",
    "         },",
    '         "node_modules/leaflet": {',
  ].join("\n");

describe("an npm lock's patch that moves only dev packages", () => {
  it("is a bump of a package npm marks dev-only, its mark among the context lines", () => {
    expect(changesOnlyDevPackages(entry("launch-editor", ['"dev": true,']))).toBe(true);
  });

  it("is not a bump of a package the application runs", () => {
    expect(changesOnlyDevPackages(entry("express", []))).toBe(false);
    // Needed by development and by an optional runtime dependency: shipped, possibly.
    expect(changesOnlyDevPackages(entry("fsevents", ['"devOptional": true,']))).toBe(false);
  });

  it("is unknown when the hunk does not show the entry's key or its mark", () => {
    const withoutKey = [
      "@@ -10,6 +10,6 @@",
      '-            "version": "1.0.1",',
      '+            "version": "1.0.3",',
      '             "dev": true,',
    ].join("\n");
    expect(changesOnlyDevPackages(withoutKey)).toBe(false);
    const markBelowTheHunk = [
      "@@ -2259,9 +2259,9 @@",
      '         "node_modules/@rolldown/binding-android-arm64": {',
      '-            "version": "1.0.1",',
      '+            "version": "1.0.3",',
      '             "cpu": [',
      '                 "arm64"',
      "             ],",
    ].join("\n");
    expect(changesOnlyDevPackages(markBelowTheHunk)).toBe(false);
  });

  it("is not a package that loses its dev mark, nor the root package's entry", () => {
    const losesMark = [
      "@@ -5,6 +5,5 @@",
      '     "node_modules/left-pad": {',
      '       "version": "1.3.0",',
      '-      "dev": true,',
      '       "license": "MIT"',
      "     },",
    ].join("\n");
    expect(changesOnlyDevPackages(losesMark)).toBe(false);
    const root = [
      "@@ -1,6 +1,6 @@",
      " {",
      '   "name": "shop",',
      '-  "version": "1.0.0",',
      '+  "version": "1.0.1",',
      '   "lockfileVersion": 3,',
    ].join("\n");
    expect(changesOnlyDevPackages(root)).toBe(false);
  });

  it("is a new dev package's whole entry, and every hunk must say so", () => {
    const added = [
      "@@ -40,6 +40,12 @@",
      "     },",
      '+    "node_modules/vitest": {',
      '+      "version": "4.0.0",',
      '+      "dev": true,',
      '+      "license": "MIT"',
      "+    },",
      '     "node_modules/zod": {',
    ].join("\n");
    expect(changesOnlyDevPackages(added)).toBe(true);
    expect(changesOnlyDevPackages(`${added}\n${entry("express", [])}`)).toBe(false);
  });

  it("is unknown for the v1 format, whose entries are not keyed by their folder", () => {
    const v1 = [
      "@@ -20,7 +20,7 @@",
      '     "left-pad": {',
      '-      "version": "1.3.0",',
      '+      "version": "1.3.1",',
      '       "dev": true',
      "     },",
    ].join("\n");
    expect(changesOnlyDevPackages(v1)).toBe(false);
    expect(changesOnlyDevPackages("")).toBe(false);
  });
});

describe("a Composer lock changed alone", () => {
  /** composer.lock at the head: one runtime package, then two dev packages from line 12 on. */
  const lock = [
    "{", //                                            1
    '    "content-hash": "abc",', //                  2
    '    "packages": [', //                            3
    "        {", //                                    4
    '            "name": "guzzlehttp/guzzle",', //     5
    '            "version": "7.9.2"', //               6
    "        }", //                                    7
    "    ],", //                                       8
    '    "packages-dev": [', //                        9
    "        {", //                                    10
    '            "name": "phpstan/phpstan",', //       11
    '            "version": "1.12.1"', //              12
    "        },", //                                   13
    "        {", //                                    14
    '            "name": "phpunit/phpunit",', //       15
    '            "version": "11.0.1"', //              16
    "        }", //                                    17
    "    ],", //                                       18
    '    "aliases": []', //                            19
    "}", //                                            20
  ].join("\n");
  const bump = (line: number, name: string) =>
    [
      `@@ -${line - 1},3 +${line - 1},3 @@`,
      `             "name": "${name}",`,
      '-            "version": "0.0.1"',
      `+${lock.split("\n")[line - 1]}`,
      "         }",
    ].join("\n");

  it("moves only dev packages when every hunk lies inside packages-dev at the head", () => {
    expect(lockChangesOnlyDevPackages("composer.lock", bump(12, "phpstan/phpstan"), [lock])).toBe(true);
    expect(
      lockChangesOnlyDevPackages("composer.lock", `${bump(12, "phpstan/phpstan")}\n${bump(16, "phpunit/phpunit")}`, [
        lock,
      ]),
    ).toBe(true);
  });

  it("moves a runtime package when a hunk lies in packages, or reaches packages-dev's opening", () => {
    expect(lockChangesOnlyDevPackages("composer.lock", bump(6, "guzzlehttp/guzzle"), [lock])).toBe(false);
    const atTheBoundary = ["@@ -7,4 +7,3 @@", "         }", "-        {}", "     ],", '     "packages-dev": ['].join(
      "\n",
    );
    expect(lockChangesOnlyDevPackages("composer.lock", atTheBoundary, [lock])).toBe(false);
  });

  it("is unknown without the lock at the head, or without a packages-dev array", () => {
    expect(lockChangesOnlyDevPackages("composer.lock", bump(12, "phpstan/phpstan"))).toBe(false);
    expect(lockChangesOnlyDevPackages("composer.lock", bump(12, "phpstan/phpstan"), ['{\n    "packages": []\n}'])).toBe(
      false,
    );
  });
});

describe("a Bundler lock changed alone", () => {
  const gemfile = [
    'source "https://rubygems.org"',
    'gem "rails", "~> 8.0"',
    "group :development, :test do",
    '  gem "brakeman"',
    '  gem "rubocop"',
    "end",
    'gem "selenium-webdriver", group: :test',
  ].join("\n");
  const lock = [
    "GEM",
    "  remote: https://rubygems.org/",
    "  specs:",
    "    ast (2.4.2)",
    "    brakeman (8.0.4)",
    "      racc",
    "    nokogiri (1.16.0-x86_64-linux)",
    "      racc (~> 1.4)",
    "    parser (3.3.0)",
    "      ast (~> 2.4)",
    "    racc (1.8.1)",
    "    rack (3.1.0)",
    "    rails (8.0.0)",
    "      nokogiri (>= 1.6)",
    "      rack (>= 2.2)",
    "    rexml (3.3.0)",
    "    rubocop (1.60.0)",
    "      parser (>= 3.3)",
    "    selenium-webdriver (4.34.0)",
    "      rexml (~> 3.2)",
    "",
    "PLATFORMS",
    "  x86_64-linux",
    "",
    "DEPENDENCIES",
    "  brakeman",
    "  rails (~> 8.0)",
    "  rubocop",
    "  selenium-webdriver",
    "",
    "BUNDLED WITH",
    "   2.5.1",
  ].join("\n");
  const context = [gemfile, lock];
  const bump = (name: string) =>
    [
      "@@ -89,7 +89,7 @@ GEM",
      "     bigdecimal (3.2.3)",
      `-    ${name} (8.0.2)`,
      `+    ${name} (8.0.4)`,
      "       racc",
      "@@ -567,3 +567,3 @@ CHECKSUMS",
      `-  ${name} (8.0.2) sha256=aa`,
      `+  ${name} (8.0.4) sha256=bb`,
    ].join("\n");
  const dev = (patch: string) => lockChangesOnlyDevPackages("Gemfile.lock", patch, context);

  it("moves only dev gems: declared in development groups, or reached only through them", () => {
    expect(dev(bump("brakeman"))).toBe(true);
    expect(dev(bump("selenium-webdriver"))).toBe(true);
    // Pulled in by rubocop alone (through parser), and by selenium-webdriver alone.
    expect(dev(bump("ast"))).toBe(true);
    expect(dev(bump("rexml"))).toBe(true);
  });

  it("moves a runtime gem: the application's own, one it pulls in, or one both pull in", () => {
    expect(dev(bump("rails"))).toBe(false);
    expect(dev(bump("rack"))).toBe(false);
    // brakeman needs racc, and so does nokogiri, which rails needs.
    expect(dev(bump("racc"))).toBe(false);
    expect(dev(bump("unknown-gem"))).toBe(false);
  });

  it("places a changed dependency line by the spec above it, and nothing else", () => {
    const dependencyLine = [
      "@@ -90,3 +90,3 @@ GEM",
      "     brakeman (8.0.4)",
      "-      racc",
      "+      racc (>= 1.0)",
    ].join("\n");
    expect(dev(dependencyLine)).toBe(true);
    const specNotShown = ["@@ -90,2 +90,2 @@ GEM", "-      racc", "+      racc (>= 1.0)"].join("\n");
    expect(dev(specNotShown)).toBe(false);
    const bundled = ["@@ -600,2 +600,2 @@", " BUNDLED WITH", "-   2.5.1", "+   2.6.0"].join("\n");
    expect(dev(bundled)).toBe(false);
  });

  it("is unknown without both the Gemfile and the lock at the head", () => {
    expect(lockChangesOnlyDevPackages("Gemfile.lock", bump("brakeman"))).toBe(false);
    expect(lockChangesOnlyDevPackages("Gemfile.lock", bump("brakeman"), [gemfile])).toBe(false);
  });
});

describe("the texts read at the head for locks changed alone", () => {
  it("names Composer's lock itself and the Gemfile beside Bundler's, not npm's or a lock whose manifest changed", () => {
    const paths = lockContextPaths([
      { filename: "composer.lock", status: "modified", patch: "@@" },
      { filename: "web/Gemfile.lock", status: "modified", patch: "@@" },
      { filename: "package-lock.json", status: "modified", patch: "@@" },
      { filename: "api/mix.lock", status: "modified", patch: "@@" },
      { filename: "web/yarn.lock", status: "modified", patch: "@@" },
    ]);
    expect([...paths]).toEqual([
      ["composer.lock", ["composer.lock"]],
      ["web/Gemfile.lock", ["web/Gemfile", "web/Gemfile.lock"]],
      ["web/yarn.lock", ["web/package.json", "web/yarn.lock"]],
    ]);
    expect(
      lockContextPaths([
        { filename: "composer.lock", status: "modified", patch: "@@" },
        { filename: "composer.json", status: "modified", patch: "@@" },
      ]).size,
    ).toBe(0);
    expect(lockContextPaths([{ filename: "composer.lock", status: "added", patch: "@@" }]).size).toBe(0);
  });
});

describe("a Yarn lock changed alone", () => {
  const packageJson = JSON.stringify({
    dependencies: { express: "^4.18.0" },
    devDependencies: { eslint: "^8.0.0", "js-yaml": "^4.0.0" },
  });
  const classic = [
    "# yarn lockfile v1",
    "",
    "",
    "argparse@^2.0.1:",
    '  version "2.0.1"',
    "",
    "debug@2.6.9:",
    '  version "2.6.9"',
    "  dependencies:",
    '    ms "2.0.0"',
    "",
    "eslint@^8.0.0:",
    '  version "8.57.0"',
    "  dependencies:",
    '    debug "^4.3.2"',
    '    js-yaml "^4.1.0"',
    "",
    "debug@^4.3.2:",
    '  version "4.3.4"',
    "  dependencies:",
    '    ms "2.1.2"',
    "",
    "express@^4.18.0:",
    '  version "4.18.2"',
    "  dependencies:",
    '    debug "2.6.9"',
    "",
    "js-yaml@^4.0.0, js-yaml@^4.1.0:",
    '  version "4.1.0"',
    "  dependencies:",
    '    argparse "^2.0.1"',
    "",
    "ms@2.0.0:",
    '  version "2.0.0"',
    "",
    "ms@2.1.2:",
    '  version "2.1.2"',
  ].join("\n");
  const bump = (header: string) =>
    [`@@ -10,4 +10,4 @@`, "", ` ${header}`, '-  version "1.0.0"', '+  version "1.0.1"'].join("\n");
  const dev = (patch: string, manifest = packageJson, lock = classic) =>
    lockChangesOnlyDevPackages("yarn.lock", patch, [manifest, lock]);

  it("moves only dev packages: reached from devDependencies alone", () => {
    expect(dev(bump("argparse@^2.0.1:"))).toBe(true);
    expect(dev(bump("js-yaml@^4.0.0, js-yaml@^4.1.0:"))).toBe(true);
    // ms 2.1.2 comes through eslint's debug only; ms 2.0.0 through express's.
    expect(dev(bump("ms@2.1.2:"))).toBe(true);
  });

  it("moves a runtime package: the application's own, or one it pulls in", () => {
    expect(dev(bump("express@^4.18.0:"))).toBe(false);
    expect(dev(bump("ms@2.0.0:"))).toBe(false);
    expect(dev(bump("unknown@^1.0.0:"))).toBe(false);
  });

  it("reads Berry's format too", () => {
    const berry = [
      "__metadata:",
      "  version: 8",
      "",
      '"argparse@npm:^2.0.1":',
      "  version: 2.0.1",
      '  resolution: "argparse@npm:2.0.1"',
      "",
      '"eslint@npm:^8.0.0":',
      "  version: 8.57.0",
      "  dependencies:",
      '    js-yaml: "npm:^4.1.0"',
      "",
      '"express@npm:^4.18.0":',
      "  version: 4.18.2",
      "",
      '"js-yaml@npm:^4.0.0, js-yaml@npm:^4.1.0":',
      "  version: 4.1.0",
      "  dependencies:",
      "    argparse: ^2.0.1",
    ].join("\n");
    const berryBump = (header: string) =>
      [`@@ -10,3 +10,3 @@`, ` ${header}`, "-  version: 1.0.0", "+  version: 1.0.1"].join("\n");
    expect(dev(berryBump('"argparse@npm:^2.0.1":'), packageJson, berry)).toBe(true);
    expect(dev(berryBump('"express@npm:^4.18.0":'), packageJson, berry)).toBe(false);
    expect(
      dev(["@@ -1,2 +1,2 @@", " __metadata:", "-  version: 7", "+  version: 8"].join("\n"), packageJson, berry),
    ).toBe(false);
  });

  it("is unknown for a workspace root, a manifest that does not parse, or a runtime dependency the lock does not resolve", () => {
    const workspaces = JSON.stringify({ workspaces: ["packages/*"], devDependencies: { eslint: "^8.0.0" } });
    expect(dev(bump("argparse@^2.0.1:"), workspaces)).toBe(false);
    expect(dev(bump("argparse@^2.0.1:"), "{ not json")).toBe(false);
    const unresolved = JSON.stringify({ dependencies: { left: "^1.0.0" }, devDependencies: { eslint: "^8.0.0" } });
    expect(dev(bump("argparse@^2.0.1:"), unresolved)).toBe(false);
    expect(dev(["@@ -12,2 +12,2 @@", '-  version "1.0.0"', '+  version "1.0.1"'].join("\n"))).toBe(false);
  });
});
