import { describe, expect, it } from "vitest";
import { changesOnlyDevPackages } from "../../src/diff/npm-lock-patch.js";

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
