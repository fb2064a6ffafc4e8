import { describe, expect, it } from "vitest";
import {
  type Dependency,
  diffManifests,
  isManifest,
  type ParsedManifest,
  parseManifest,
} from "../../src/manifests/parse.js";
import { namesIn } from "../../src/practices/dependencies.js";
import {
  BUILD_GRADLE,
  BUILD_GRADLE_KTS,
  COMPOSER_JSON,
  CSPROJ,
  DIRECTORY_PACKAGES_PROPS,
  PACKAGES_CONFIG,
  PIP_COMPILE_BASE,
  PIP_COMPILE_HEAD,
  POM_XML,
  UV_EXPORT_BASE,
  UV_EXPORT_HEAD,
  VERSION_CATALOG,
} from "./fixtures.js";

function parsed(path: string, text: string): ParsedManifest {
  const result = parseManifest(path, text);
  if (!result.ok) throw new Error(`${path} is not valid ${result.format} (line ${result.line})`);
  return result.manifest;
}

const declared = (path: string, text: string) =>
  parsed(path, text).dependencies.map(({ name, version, dev }) => [name, version, dev ? "dev" : "runtime"]);

describe("manifests of Java, Kotlin, PHP and .NET projects", () => {
  it.each<[string, string, string, [string, string, "dev" | "runtime"][]]>([
    [
      "a Maven project with a parent, a BOM, test scope and profiles",
      "services/orders/pom.xml",
      POM_XML,
      [
        ["org.springframework.boot:spring-boot-starter-web", "", "runtime"],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Maven's property syntax, kept as written
        ["org.apache.commons:commons-lang3", "${commons-lang3.version}", "runtime"],
        ["org.projectlombok:lombok", "", "runtime"],
        ["org.springframework.boot:spring-boot-starter-test", "", "dev"],
        ["org.postgresql:postgresql", "42.7.1", "runtime"],
        ["org.testcontainers:postgresql", "1.19.3", "dev"],
      ],
    ],
    [
      "annotation processors on the Maven compiler's path, in its configuration and in an execution's",
      "pom.xml",
      `<project>
  <dependencies><dependency><groupId>org.mapstruct</groupId><artifactId>mapstruct</artifactId></dependency></dependencies>
  <build>
    <pluginManagement><plugins><plugin>
      <artifactId>maven-compiler-plugin</artifactId>
      <configuration><annotationProcessorPaths>
        <path><groupId>org.mapstruct</groupId><artifactId>mapstruct-processor</artifactId><version>1.6.3</version></path>
      </annotationProcessorPaths></configuration>
    </plugin></plugins></pluginManagement>
    <plugins><plugin>
      <groupId>org.apache.maven.plugins</groupId>
      <artifactId>maven-compiler-plugin</artifactId>
      <executions><execution><id>default-compile</id><configuration><annotationProcessorPaths>
        <path><groupId>com.google.errorprone</groupId><artifactId>error_prone_core</artifactId><version>2.42.0</version></path>
        <path><groupId>com.uber.nullaway</groupId><artifactId>nullaway</artifactId><version>0.12.10</version></path>
      </annotationProcessorPaths></configuration></execution></executions>
    </plugin></plugins>
  </build>
</project>`,
      [
        ["org.mapstruct:mapstruct", "", "runtime"],
        ["com.google.errorprone:error_prone_core", "2.42.0", "dev"],
        ["com.uber.nullaway:nullaway", "0.12.10", "dev"],
        ["org.mapstruct:mapstruct-processor", "1.6.3", "dev"],
      ],
    ],
    [
      "Error Prone's checkers in a Gradle build",
      "build.gradle",
      "dependencies {\n  implementation 'com.google.guava:guava:33.0.0-jre'\n  errorprone \"com.google.errorprone:error_prone_core:2.42.0\"\n}\n",
      [
        ["com.google.guava:guava", "33.0.0-jre", "runtime"],
        ["com.google.errorprone:error_prone_core", "2.42.0", "dev"],
      ],
    ],
    [
      "every kind of Gradle configuration, and blocks merely named like dependencies",
      "build.gradle",
      [
        "dependencies {",
        "  api 'g:api:1'",
        "  compileOnlyApi 'g:compile-only-api:1'",
        "  compile 'g:compile:1'",
        "  runtime 'g:runtime:1'",
        "  testCompile 'g:test-compile:1'",
        "  testRuntime 'g:test-runtime:1'",
        "  developmentOnly 'g:development-only:1'",
        "  detektPlugins 'g:detekt:1'",
        "  lintChecks 'g:lint:1'",
        "  coreLibraryDesugaring 'g:desugar:1'",
        "  jvmMainImplementation 'g:jvm-main:1'",
        "  sharedApi 'g:shared-api:1'",
        "  sharedCompileOnly 'g:shared-compile-only:1'",
        "  sharedRuntimeOnly 'g:shared-runtime-only:1'",
        "  sharedAnnotationProcessor 'g:shared-processor:1'",
        "  sharedCompileOnlyApi 'g:shared-compile-only-api:1'",
        "  Implementation 'g:not-a-configuration:1'",
        "  println 'g:not-a-declaration:1'",
        "}",
        "extra_dependencies { implementation 'g:underscored-block:1' }",
        "$dependencies { implementation 'g:dollar-block:1' }",
      ].join("\n"),
      [
        ["g:api", "1", "runtime"],
        ["g:compile-only-api", "1", "runtime"],
        ["g:compile", "1", "runtime"],
        ["g:runtime", "1", "runtime"],
        ["g:test-compile", "1", "dev"],
        ["g:test-runtime", "1", "dev"],
        ["g:development-only", "1", "dev"],
        ["g:detekt", "1", "dev"],
        ["g:lint", "1", "dev"],
        ["g:desugar", "1", "runtime"],
        ["g:jvm-main", "1", "runtime"],
        ["g:shared-api", "1", "runtime"],
        ["g:shared-compile-only", "1", "runtime"],
        ["g:shared-runtime-only", "1", "runtime"],
        ["g:shared-processor", "1", "runtime"],
        ["g:shared-compile-only-api", "1", "runtime"],
      ],
    ],
    [
      "a Maven dependency or processor without its groupId or artifactId",
      "pom.xml",
      `<project><dependencies>
  <dependency><artifactId>no-group</artifactId></dependency>
  <dependency><groupId>no.artifact</groupId></dependency>
  <dependency><groupId>org.acme</groupId><artifactId>kept</artifactId></dependency>
</dependencies><build><plugins><plugin><configuration><annotationProcessorPaths>
  <path><artifactId>processor-without-group</artifactId></path>
</annotationProcessorPaths></configuration></plugin></plugins></build></project>`,
      [["org.acme:kept", "", "runtime"]],
    ],
    [
      "a Groovy Gradle build",
      "build.gradle",
      BUILD_GRADLE,
      [
        ["com.google.cloud.tools:jib-gradle-plugin", "3.4.0", "dev"],
        ["org.springframework.boot:spring-boot-starter-web", "", "runtime"],
        ["org.springframework.boot:spring-boot-dependencies", "3.2.1", "runtime"],
        ["com.google.guava:guava", "33.0.0-jre", "runtime"],
        ["libs.okhttp", "", "runtime"],
        ["org.projectlombok:lombok", "1.18.30", "runtime"],
        ["org.projectlombok:lombok", "1.18.30", "runtime"],
        ["org.postgresql:postgresql", "42.7.1", "runtime"],
        ["org.junit.jupiter:junit-jupiter", "5.10.1", "dev"],
        ["org.junit.platform:junit-platform-launcher", "", "dev"],
      ],
    ],
    [
      "a Kotlin Gradle build",
      "app/build.gradle.kts",
      BUILD_GRADLE_KTS,
      [
        ["libs.jackson.databind", "", "runtime"],
        ["io.ktor:ktor-bom", "2.3.7", "runtime"],
        ["io.ktor:ktor-server-core", "", "runtime"],
        ["org.jetbrains.kotlin:kotlin-reflect", "", "runtime"],
        ["com.squareup.retrofit2:retrofit", "2.9.0", "runtime"],
        ["io.arrow-kt:arrow-core", "1.2.1", "runtime"],
        ["com.google.dagger:dagger-compiler", "2.50", "runtime"],
        ["org.jetbrains.kotlin:kotlin-test", "", "dev"],
        ["io.mockk:mockk", "1.13.9", "dev"],
      ],
    ],
    [
      "a Gradle version catalog",
      "gradle/libs.versions.toml",
      VERSION_CATALOG,
      [
        ["com.squareup.okhttp3:okhttp", "4.12.0", "runtime"],
        ["com.fasterxml.jackson.core:jackson-databind", "2.16.1", "runtime"],
        ["org.jetbrains.kotlin:kotlin-stdlib", "1.9.22", "runtime"],
        ["junit:junit", "4.13.2", "runtime"],
      ],
    ],
    [
      "a Composer project with platform requirements and require-dev",
      "composer.json",
      COMPOSER_JSON,
      [
        ["monolog/monolog", "^3.5", "runtime"],
        ["symfony/console", "^7.0", "runtime"],
        ["phpunit/phpunit", "^10.5", "dev"],
        ["phpstan/phpstan", "^1.10", "dev"],
      ],
    ],
    [
      "an SDK-style C# project with several ItemGroups and analyzers",
      "src/Shop.Web/Shop.Web.csproj",
      CSPROJ,
      [
        ["Serilog.AspNetCore", "8.0.0", "runtime"],
        ["Microsoft.EntityFrameworkCore.SqlServer", "8.0.1", "runtime"],
        ["StyleCop.Analyzers", "1.1.118", "dev"],
        ["Microsoft.SourceLink.GitHub", "8.0.0", "dev"],
      ],
    ],
    [
      "a test project",
      "tests/Shop.Web.Tests/Shop.Web.Tests.fsproj",
      '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="xunit" Version="2.6.6" /></ItemGroup></Project>',
      [["xunit", "2.6.6", "dev"]],
    ],
    [
      "central package management",
      "Directory.Packages.props",
      DIRECTORY_PACKAGES_PROPS,
      [
        ["Serilog", "3.1.1", "runtime"],
        // A test framework by its name: which projects use it is said in them, not here.
        ["xunit", "2.6.6", "dev"],
        ["Nerdbank.GitVersioning", "3.6.133", "dev"],
      ],
    ],
    [
      "a packages.config",
      "src/Legacy/packages.config",
      PACKAGES_CONFIG,
      [
        ["Newtonsoft.Json", "13.0.3", "runtime"],
        ["NUnit", "3.14.0", "runtime"],
        ["Microsoft.CodeAnalysis.NetAnalyzers", "8.0.0", "dev"],
      ],
    ],
  ])("%s (%s)", (_situation, path, text, expected) => {
    expect(isManifest(path)).toBe(true);
    expect(declared(path, text)).toEqual(expected);
  });

  it.each([
    "gradle/libs.versions.toml",
    "build-logic/gradle/deps.versions.toml",
    "packages/api/composer.json",
    "src/App/App.vbproj",
  ])("recognises %s as a manifest", (path) => {
    expect(isManifest(path)).toBe(true);
  });

  it.each(["libs.versions.toml", "settings.gradle", "docs/pom.xml.md", "Directory.Build.props", "composer.lock"])(
    "does not take %s for a manifest",
    (path) => {
      expect(isManifest(path)).toBe(false);
    },
  );

  it("says where an XML manifest is not well-formed", () => {
    expect(parseManifest("pom.xml", "<project>\n<dependencies>\n</project>\n")).toMatchObject({
      ok: false,
      format: "XML",
      line: 3,
    });
  });

  it("refuses an XML tag longer than it reads, saying where, since attribute matching grows with its square", () => {
    const text = `<Project>\n<ItemGroup>\n<PackageReference Include="A" ${'x="1" '.repeat(1000)}/>\n</ItemGroup>\n</Project>\n`;
    expect(parseManifest("App.csproj", text)).toEqual({ ok: false, format: "XML", line: 3, problem: "tag-too-long" });
    // A long comment (a licence header) is no tag.
    expect(parseManifest("pom.xml", `<!-- ${"Licensed… ".repeat(1000)}\n-->\n<project/>`)).toMatchObject({ ok: true });
  });

  it("names a new Maven dependency by its coordinate or its artifact, a catalog accessor by its alias", () => {
    const named = namesIn("We use okhttp (OkHttp 4) and jackson-databind for JSON.");
    expect(named("com.squareup.okhttp3:okhttp")).toBe(true);
    expect(named("libs.jackson.databind")).toBe(true);
    expect(named("com.squareup.okhttp3:mockwebserver")).toBe(false);
  });
});

describe("Mix projects", () => {
  it("reads the deps list: Hex names, versions, and dev for development environments or tools not started at runtime", () => {
    const mix = `defmodule Hexpm.MixProject do
  use Mix.Project

  def project, do: [app: :hexpm, deps: deps()]

  # "defp deps" in a comment starts nothing
  defp deps do
    [
      {:phoenix, "~> 1.7"},
      {:prom_ex, "~> 1.11"}, # metrics
      {:ex_doc, "~> 0.31", only: :dev, runtime: false},
      {:mox, "~> 1.0", only: [:test]},
      {:esbuild, "~> 0.8", runtime: Mix.env() == :dev},
      {:heroicons, github: "tailwindlabs/heroicons", tag: "v2.1.1", app: false},
      {:jason_fork, "~> 1.4", hex: :jason},
      {:logster, "~> 1.0", only: [:dev, :prod]}
    ]
  end

  defp aliases, do: [setup: ["deps.get"]]
end
`;
    expect(declared("mix.exs", mix)).toEqual([
      ["phoenix", "~> 1.7", "runtime"],
      ["prom_ex", "~> 1.11", "runtime"],
      ["ex_doc", "~> 0.31", "dev"],
      ["mox", "~> 1.0", "dev"],
      ["esbuild", "~> 0.8", "dev"],
      ["heroicons", "", "runtime"],
      ["jason", "~> 1.4", "runtime"],
      ["logster", "~> 1.0", "runtime"],
    ]);
  });

  it("reads past strings, heredocs and comments that look like code, and skips what is not a Hex dependency", () => {
    const mix = [
      "defmodule A.MixProject do",
      '  @moduledoc """',
      '  defp deps do [{:in_heredoc, "1"}] end',
      '  """',
      '  defp deps_for_ci, do: [{:wrong_function, "1"}]',
      "  defp deps do",
      "    [",
      '      {:tricky, "~> 1.0", github: "a/b, ]} # not a comment", branch: "x\\"y"},',
      "      {:charlist, 'x,]', only: [:docs, :bench]},",
      '      {:prod_only, "1.0", only: :prod},',
      '      {:started, "1.0", runtime: true},',
      '      {:flagged, "1.0", :optional},',
      '      {"not_an_atom", "1.0"},',
      '      {:NotAPackage, "1.0"},',
      "      :atom_alone,",
      "      extra_deps(),",
      '      {:last, "2.0"}',
      "    ]",
      "  end",
      "end",
    ].join("\n");
    expect(declared("mix.exs", mix)).toEqual([
      ["tricky", "~> 1.0", "runtime"],
      ["charlist", "", "dev"],
      ["prod_only", "1.0", "runtime"],
      ["started", "1.0", "runtime"],
      ["flagged", "1.0", "runtime"],
      ["last", "2.0", "runtime"],
    ]);
  });

  it("reads nothing from a mix.exs without a deps function", () => {
    expect(
      declared("mix.exs", 'defmodule A.MixProject do\n  def project, do: [app: :a, version: "0.1.0"]\nend\n'),
    ).toEqual([]);
  });
});

describe("Gradle builds that use a version catalog", () => {
  it("names a library added to the catalog by its coordinate; a module that starts using a catalog entry adds nothing", () => {
    const catalogBase = '[libraries]\nokio = { module = "com.squareup.okio:okio", version = "3.9.0" }\n';
    const catalogHead = `${catalogBase}zstd-kmp-okio = { module = "com.squareup.zstd:zstd-kmp-okio", version = "0.4.0" }\n`;
    const catalog = diffManifests(
      parsed("gradle/libs.versions.toml", catalogBase),
      parsed("gradle/libs.versions.toml", catalogHead),
    );
    expect(catalog.added).toEqual(["com.squareup.zstd:zstd-kmp-okio"]);

    const moduleBase = "dependencies {\n  implementation(libs.okio)\n}\n";
    const moduleHead =
      "dependencies {\n  implementation(libs.okio)\n  implementation(libs.zstd.kmp.okio)\n  testImplementation(libs.assertk)\n}\n";
    const module = diffManifests(
      parsed("okhttp/build.gradle.kts", moduleBase),
      parsed("okhttp/build.gradle.kts", moduleHead),
    );
    expect(module.added).toEqual([]);
    // Still a change of what the module ships (a runtime one makes the change deployable).
    expect(module.changes).toEqual([
      { name: "libs.zstd.kmp.okio", kind: "added", dev: false, to: "", indirect: true },
      { name: "libs.assertk", kind: "added", dev: true, to: "", indirect: true },
    ]);
  });
});

describe("requirements files exported by a lock tool", () => {
  it("reads a uv export as its direct dependencies: a new one is added, its own dependencies are not", () => {
    const diff = diffManifests(parsed("requirements.txt", UV_EXPORT_BASE), parsed("requirements.txt", UV_EXPORT_HEAD));
    expect(diff.added).toEqual(["celery"]);
    expect(diff.changes).toEqual([
      { name: "billiard", kind: "added", dev: false, to: "==4.2.0", indirect: true },
      { name: "celery", kind: "added", dev: false, to: "==5.3.6" },
      { name: "django", kind: "version", dev: false, from: "==5.0.1", to: "==5.0.2" },
      { name: "kombu", kind: "added", dev: false, to: "==5.3.5", indirect: true },
    ]);
  });

  it("reads pip-compile --generate-hashes output as its direct dependencies", () => {
    const base = parsed("requirements.txt", PIP_COMPILE_BASE);
    expect(base.dependencies.filter((dependency) => !dependency.indirect).map((dependency) => dependency.name)).toEqual(
      ["flask", "requests"],
    );
    const diff = diffManifests(base, parsed("requirements.txt", PIP_COMPILE_HEAD));
    expect(diff.added).toEqual(["sentry-sdk"]);
  });

  it("reads nothing as added from an export without `# via` annotations, and says why", () => {
    const unannotated = (text: string) =>
      text
        .split("\n")
        .filter((line) => !line.trimStart().startsWith("#   ") && !line.trimStart().startsWith("# via"))
        .join("\n");
    const head = parsed("requirements.txt", unannotated(PIP_COMPILE_HEAD));
    expect(head.additionsUnread).toBe("unannotated-lock-export");
    const diff = diffManifests(parsed("requirements.txt", unannotated(PIP_COMPILE_BASE)), head);
    expect(diff).toEqual({
      added: [],
      changes: [{ name: "sentry-sdk", kind: "added", dev: false, to: "==1.39.1", indirect: true }],
      additionsUnread: "unannotated-lock-export",
    });
  });

  it("skips editable, local and option lines, never reading them as a dependency", () => {
    const text = [
      "-e .[dev]",
      "-e .",
      "--editable ./libs/billing[extras]",
      "./vendor/acme-1.0.tar.gz",
      "file:///opt/wheels/internal-2.0-py3-none-any.whl",
      "-r base.txt",
      "-c constraints.txt",
      "--index-url https://pypi.example.com/simple",
      "Django_Rest.Framework==3.14",
    ].join("\n");
    expect(parsed("requirements-dev.txt", text).dependencies).toEqual<Dependency[]>([
      { name: "django-rest-framework", version: "==3.14", dev: true },
    ]);
  });

  it("compares Python names as PEP 503 normalises them", () => {
    const diff = diffManifests(
      parsed("requirements.txt", "Django_Rest.Framework==3.14\nzope.interface\n"),
      parsed("requirements.txt", "djangorestframework==3.14\ndjango-rest-framework==3.15\nZope_Interface\n"),
    );
    expect(diff.added).toEqual(["djangorestframework"]);
    expect(diff.changes.filter((change) => change.kind === "version").map((change) => change.name)).toEqual([
      "django-rest-framework",
    ]);
  });
});

describe("version changes as facts", () => {
  it("tells a runtime version bump from a dev-only one, and never reads either as added", () => {
    const base = parsed("pom.xml", POM_XML);
    const head = parsed(
      "pom.xml",
      POM_XML.replace("<version>42.7.1</version>", "<version>42.7.2</version>").replace(
        "<version>1.19.3</version>",
        "<version>1.19.4</version>",
      ),
    );
    expect(diffManifests(base, head)).toEqual({
      added: [],
      changes: [
        { name: "org.postgresql:postgresql", kind: "version", dev: false, from: "42.7.1", to: "42.7.2" },
        { name: "org.testcontainers:postgresql", kind: "version", dev: true, from: "1.19.3", to: "1.19.4" },
      ],
    });
  });
});

describe("central package management's test and build packages", () => {
  const props = (name: string) =>
    `<Project><ItemGroup><PackageVersion Include="${name}" Version="1.0.0" /></ItemGroup></Project>`;
  it.each([
    ["xunit.runner.visualstudio", "dev"],
    ["Microsoft.NET.Test.Sdk", "dev"],
    ["NUnit3TestAdapter", "dev"],
    ["MSTest.TestFramework", "dev"],
    ["coverlet.collector", "dev"],
    ["Moq", "dev"],
    ["FluentAssertions", "dev"],
    ["Testcontainers.PostgreSql", "dev"],
    ["Microsoft.AspNetCore.Mvc.Testing", "dev"],
    ["Roslynator.Analyzers", "dev"],
    ["Microsoft.CodeAnalysis.NetAnalyzers", "dev"],
    ["SonarAnalyzer.CSharp", "dev"],
    ["Meziantou.Analyzer", "dev"],
    ["xunit", "dev"],
    ["xunit.v3", "dev"],
    ["MSTest", "dev"],
    ["NUnit", "dev"],
    ["NUnit.Analyzers", "dev"],
    ["NUnit.ConsoleRunner", "dev"],
    ["NSubstitute", "dev"],
    ["FakeItEasy", "dev"],
    ["Shouldly", "dev"],
    ["AutoFixture.Xunit2", "dev"],
    ["Verify.Xunit", "dev"],
    ["BenchmarkDotNet", "dev"],
    ["coverlet.msbuild", "dev"],
    ["Serilog.AspNetCore", "runtime"],
    ["Serilog.Sinks.xunit", "runtime"],
    ["Microsoft.CodeAnalysis.CSharp", "runtime"],
    ["Moqueue", "runtime"],
    ["xunitish", "runtime"],
    ["MyVerify", "runtime"],
    ["Testcontainerz", "runtime"],
    ["NUnitLite.Runner", "runtime"],
  ])("%s is %s", (name, kind) => {
    expect(declared("Directory.Packages.props", props(name))).toEqual([[name, "1.0.0", kind]]);
  });
});

describe("a .NET project's packages are a test project's", () => {
  const project =
    '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Serilog" Version="3.1.1" /></ItemGroup></Project>';
  it.each([
    ["in a tests/ folder", "tests/Shop/Shop.csproj", "dev"],
    ["in a test/ folder", "test/Shop/Shop.fsproj", "dev"],
    ["named Tests", "src/Shop.Tests/Shop.Tests.csproj", "dev"],
    ["named Test", "src/Shop.Test/Shop.Test.vbproj", "dev"],
    ["named UnitTests", "src/Shop.UnitTests/Shop.UnitTests.csproj", "dev"],
    ["named IntegrationTests", "src/Shop.IntegrationTests.csproj", "dev"],
    ["named Specs", "src/Shop-Specs.csproj", "dev"],
    ["named Benchmarks", "src/Shop_Benchmarks.csproj", "dev"],
    ["named like a word containing test", "src/Contest/Contest.csproj", "runtime"],
    ["in a folder named like one", "src/latest/Shop.csproj", "runtime"],
    ["a test helper library (Testing)", "src/Shop.Testing/Shop.Testing.csproj", "runtime"],
    ["named only test by its folder's name", "src/tests.Shop/Shop.csproj", "runtime"],
  ])("%s (%s): %s", (_situation, path, kind) => {
    expect(declared(path, project)).toEqual([["Serilog", "3.1.1", kind]]);
  });
});
