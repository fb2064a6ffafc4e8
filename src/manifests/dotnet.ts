import { asRecord, listOf } from "./text.js";
import type { Dependency, ParsedManifest } from "./types.js";
import { parseXml, textOf } from "./xml.js";

/** An MSBuild item's attribute or child element (`Version="1.2"` or `<Version>1.2</Version>`). */
function metadata(item: Record<string, unknown>, name: string): string {
  return textOf(item[`@_${name}`]) || textOf(item[name]);
}

/** A test project by its name or folder (`Api.Tests.csproj`, `tests/Api/Api.csproj`). */
function isTestProject(path: string): boolean {
  const parts = path.toLowerCase().split("/");
  const project = (parts.at(-1) ?? "").replace(/\.(?:cs|fs|vb)proj$/, "");
  const words = project.split(/[.\-_]/);
  return (
    parts.slice(0, -1).some((folder) => folder === "test" || folder === "tests") ||
    words.some((word) => ["test", "tests", "unittests", "integrationtests", "specs", "benchmarks"].includes(word))
  );
}

/**
 * SDK-style .NET projects (`*.csproj`, `*.fsproj`, `*.vbproj`): `<PackageReference Include=…>`
 * in every ItemGroup. Dev: analyzers and build tools (`PrivateAssets="all"`, which keeps them out
 * of what the project ships) and test projects' packages. `Update=` only changes a reference
 * declared elsewhere.
 */
export function msbuildProject(text: string, path: string): ParsedManifest {
  const testProject = isTestProject(path);
  const project = asRecord(parseXml(text).Project);
  const dependencies: Dependency[] = [];
  for (const group of listOf(project.ItemGroup)) {
    for (const entry of listOf(asRecord(group).PackageReference)) {
      const item = asRecord(entry);
      const name = textOf(item["@_Include"]);
      if (!name) continue;
      const privateAssets = metadata(item, "PrivateAssets").toLowerCase();
      dependencies.push({
        name,
        version: metadata(item, "Version") || metadata(item, "VersionOverride"),
        dev: testProject || privateAssets === "all",
      });
    }
  }
  return { dependencies };
}

/**
 * Packages that only tests or the build use, by name: test frameworks and their runners, mocking
 * and assertion libraries, coverage collectors, benchmark harnesses, Roslyn analyzers (`StyleCop.Analyzers`,
 * `Microsoft.CodeAnalysis.NetAnalyzers`, `SonarAnalyzer.CSharp`, `Meziantou.Analyzer`). Central
 * package management pins versions apart from the projects that use them, so that a package is a
 * test project's is not said in `Directory.Packages.props`; these names say it.
 */
const TEST_OR_BUILD_PACKAGE =
  /^(?:xunit(?:\..+)?|Microsoft\.NET\.Test\.Sdk|NUnit(?:3TestAdapter|\.Analyzers|\.ConsoleRunner)?|MSTest(?:\..+)?|coverlet\..+|Moq|NSubstitute(?:\..+)?|FakeItEasy(?:\..+)?|FluentAssertions(?:\..+)?|Shouldly|AutoFixture(?:\..+)?|Verify\..+|Testcontainers(?:\..+)?|Microsoft\.AspNetCore\.Mvc\.Testing|BenchmarkDotNet(?:\..+)?|(?:.+\.)?\w*Analyzers?(?:\..+)?)$/i;

/**
 * Central package management (`Directory.Packages.props`): `<PackageVersion Include=…>` pins the
 * versions projects use; `<GlobalPackageReference>` adds a package (an analyzer, by design) to every
 * project. A pinned package is dev when its name is a test or build tool's (see TEST_OR_BUILD_PACKAGE).
 */
export function centralPackages(text: string): ParsedManifest {
  const project = asRecord(parseXml(text).Project);
  const dependencies: Dependency[] = [];
  for (const group of listOf(project.ItemGroup)) {
    for (const [element, dev] of [
      ["PackageVersion", false],
      ["GlobalPackageReference", true],
    ] as const) {
      for (const entry of listOf(asRecord(group)[element])) {
        const item = asRecord(entry);
        const name = textOf(item["@_Include"]);
        if (name)
          dependencies.push({ name, version: metadata(item, "Version"), dev: dev || TEST_OR_BUILD_PACKAGE.test(name) });
      }
    }
  }
  return { dependencies };
}

/** NuGet's older `packages.config`: `<package id=… version=…>`; `developmentDependency="true"` is dev. */
export function packagesConfig(text: string): ParsedManifest {
  const packages = asRecord(parseXml(text).packages);
  const dependencies: Dependency[] = [];
  for (const entry of listOf(packages.package)) {
    const item = asRecord(entry);
    const name = textOf(item["@_id"]);
    if (!name) continue;
    dependencies.push({
      name,
      version: textOf(item["@_version"]),
      dev: textOf(item["@_developmentDependency"]).toLowerCase() === "true",
    });
  }
  return { dependencies };
}
