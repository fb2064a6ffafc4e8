import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import type { ChangedFile } from "../../src/practices/facts.js";
import { evaluateTests } from "../../src/practices/tests.js";
import { known, unknown } from "../../src/practices/types.js";
import { renderMessage } from "../../src/report/escape.js";

const config = defaultConfig.pull_requests.tests;
const file = (filename: string, status: ChangedFile["status"] = "modified", changes = 4): ChangedFile => ({
  filename,
  status,
  changes,
});

describe("tests practice", () => {
  it.each<[string, ChangedFile[], "pass" | "fail" | "skip"]>([
    ["only README changed", [file("README.md")], "skip"],
    ["source and its test changed", [file("src/pay.ts"), file("test/pay.test.ts")], "pass"],
    ["source changed, no test", [file("src/pay.ts")], "fail"],
    ["test deleted, source added", [file("src/pay.ts", "added"), file("test/pay.test.ts", "removed")], "fail"],
    ["source file deleted only", [file("src/old.ts", "removed")], "skip"],
    ["source file renamed without edits", [file("src/new-name.ts", "renamed", 0)], "skip"],
    ["source renamed with edits and no test", [file("src/new-name.ts", "renamed", 6)], "fail"],
    ["colocated test next to source", [file("src/pay.ts"), file("src/pay.spec.ts", "added")], "pass"],
    ["a test inside src only", [file("src/__tests__/pay.ts")], "skip"],
    ["Go test file", [file("lib/pay.go"), file("lib/pay_test.go")], "pass"],
    ["app folder with python tests", [file("app/models.py"), file("tests/test_models.py")], "pass"],
    ["docs and config only", [file("docs/guide.md"), file(".github/workflows/ci.yml")], "skip"],
  ])("%s → %s", (_situation, files, outcome) => {
    const verdict = evaluateTests(config, { files: known({ files, total: files.length }) });
    expect(verdict.outcome).toBe(outcome);
    if (outcome === "fail") expect(renderMessage(verdict.fix ?? [])).toContain("pull_requests.tests");
  });

  it("lists the untested source files in its details", () => {
    const verdict = evaluateTests(config, { files: known({ files: [file("src/a|b.ts")], total: 1 }) });
    expect(verdict.details?.map(renderMessage)).toEqual(["`src/a|b.ts`"]);
  });

  it("says when it decided on fewer files than the pull request changes", () => {
    const verdict = evaluateTests(config, {
      files: known({ files: [file("src/a.ts"), file("test/a.test.ts")], total: 3500 }),
    });
    expect(verdict.outcome).toBe("pass");
    expect(renderMessage(verdict.summary)).toContain("Only 2 of 3,500 changed files were visible");
  });

  it("says the list may be cut when it reached GitHub's cap and the total is unknown", () => {
    const files = Array.from({ length: 3000 }, (_, index) => file(`src/f${index}.ts`));
    const verdict = evaluateTests(config, { files: known({ files, total: 3000, capped: true }) });
    expect(renderMessage(verdict.summary)).toBe(
      "3,000 source files changed without any test change. GitHub lists at most 3,000 changed files; decided on those.",
    );
  });

  it("never passes when the files could not be read", () => {
    const verdict = evaluateTests(config, { files: unknown("reading changed files failed (GitHub answered 502)") });
    expect(verdict.outcome).toBe("fail");
    expect(renderMessage(verdict.summary)).toContain("GitHub answered 502");
  });

  it("honours custom globs", () => {
    const custom = { ...config, source: ["packages/*/src/**"], tests: ["packages/*/test/**"] };
    const files = [file("packages/api/src/a.ts"), file("packages/api/test/a.ts")];
    expect(evaluateTests(custom, { files: known({ files, total: 2 }) }).outcome).toBe("pass");
    expect(evaluateTests(custom, { files: known({ files: [file("src/a.ts")], total: 1 }) }).outcome).toBe("skip");
  });
});

describe("tests practice: the layouts of each ecosystem", () => {
  it.each<[string, string[], "pass" | "fail" | "skip"]>([
    ["Python module with a test beside it", ["src/pay.py", "src/test_pay.py"], "pass"],
    ["Python module with tests/test_*.py", ["src/pay.py", "tests/test_pay.py"], "pass"],
    ["Django view without tests", ["shop/views.py"], "fail"],
    ["Ruby model with its spec", ["app/models/user.rb", "spec/models/user_spec.rb"], "pass"],
    ["Maven main and test", ["src/main/java/a/Pay.java", "src/test/java/a/PayTest.java"], "pass"],
    ["Kotlin without tests", ["app/src/main/kotlin/a/Pay.kt"], "fail"],
    ["Go internal package with _test.go", ["internal/pay/pay.go", "internal/pay/pay_test.go"], "pass"],
    ["Go cmd without tests", ["cmd/server/main.go"], "fail"],
    ["Go pkg without tests", ["pkg/pay/pay.go"], "fail"],
    ["C# project with a .Tests project", ["src/Pay/Pay.cs", "src/Pay.Tests/PayTests.cs"], "pass"],
    ["Rust crate with tests/", ["src/lib.rs", "tests/api.rs"], "pass"],
    ["PHP class with a PHPUnit test", ["src/Pay.php", "tests/Unit/PayTest.php"], "pass"],
    ["monorepo package without tests", ["packages/billing/src/pay.ts"], "fail"],
    [
      "monorepo package with a colocated test",
      ["packages/billing/src/pay.ts", "packages/billing/src/pay.test.ts"],
      "pass",
    ],
    ["generated protobuf code only", ["api/v1/pay.pb.go"], "skip"],
    ["build and tool config only", ["webpack.config.js", "setup.py", "build.gradle.kts"], "skip"],
    ["a migration only", ["db/migrate/20261120_add_reason.rb"], "skip"],
  ])("%s → %s", (_situation, names, outcome) => {
    const files = names.map((name) => file(name));
    expect(evaluateTests(config, { files: known({ files, total: files.length }) }).outcome).toBe(outcome);
  });
});
