import { describe, expect, it } from "vitest";
import { DEFAULT_SOURCE_GLOBS, DEFAULT_TEST_GLOBS } from "../../src/config/ecosystem-defaults.js";
import { appliesToChange } from "../../src/practices/deployable.js";
import { globMatcher } from "../../src/practices/globs.js";
import { known } from "../../src/practices/types.js";

/**
 * The default classification of files, as repositories of each ecosystem lay them out: a test, a
 * source file (a change of the software that needs a test), or neither; and whether a change makes
 * a pull request deployable (staging and rollback then apply).
 */
const isTest = globMatcher(DEFAULT_TEST_GLOBS);
const isSource = globMatcher(DEFAULT_SOURCE_GLOBS);
const kind = (path: string) => (isTest(path) ? "test" : isSource(path) ? "source" : "neither");
const deployable = (path: string) =>
  appliesToChange(
    null,
    { source: DEFAULT_SOURCE_GLOBS, tests: DEFAULT_TEST_GLOBS },
    { files: known({ files: [{ filename: path, status: "modified", changes: 3 }], total: 1 }) },
  ).applies === true;

describe("source files", () => {
  it.each([
    ["a Vue single-file component", "src/components/Cart.vue"],
    ["a Svelte component", "src/lib/Header.svelte"],
    ["a TypeScript module", "src/pay.ts"],
    ["a React component", "app/components/Button.tsx"],
    ["an ES module", "lib/index.mjs"],
    ["a CommonJS module", "lib/index.cjs"],
    ["a module of a monorepo package", "packages/api/src/server.ts"],
    ["hand-written type declarations of a library", "types/logger.d.ts"],
    [
      "a Java package named samples (org.springframework.samples)",
      "src/main/java/org/springframework/samples/petclinic/owner/PetController.java",
    ],
    ["Spring Initializr's com.example package", "src/main/java/com/example/demo/DemoApplication.java"],
    ["a Kotlin package named docs", "api/src/main/kotlin/com/acme/docs/DocsController.kt"],
    ["a Python module", "app/models.py"],
    ["a Go file", "internal/pay/pay.go"],
    ["a Java class", "src/main/java/com/acme/Pay.java"],
    ["a Kotlin class", "app/src/main/kotlin/com/acme/Pay.kt"],
    ["a Ruby model", "app/models/user.rb"],
    ["a Rust module", "src/lib.rs"],
    ["a C# class", "src/Payments/Invoice.cs"],
    ["a PHP controller", "app/Http/Controllers/PayController.php"],
    ["a Swift file", "Sources/App/Pay.swift"],
    ["an Elixir module", "lib/acme/pay.ex"],
    ["a C++ file", "src/engine.cpp"],
    ["a C header", "include/engine.h"],
    ["a Dart file", "lib/main.dart"],
    ["an SQL query", "queries/report.sql"],
    ["a regular JavaScript file whose name has min in it", "src/admin.js"],
    ["a module named like a folder that is excluded elsewhere", "src/build.ts"],
    ["Phoenix's front-end code under assets/", "assets/js/phoenix/push.js"],
    ["an A/B-test feature of the application", "src/ab_test/assign.ts"],
    ["a split-testing service", "services/split-tests/bucket.go"],
    ["an A/B-testing module", "app/ab_testing/models.py"],
    ["Rails' front-end code under app/assets/", "app/assets/javascripts/cart.js"],
    ["an importer in a folder merely named migrations", "mealie/services/migrations/paprika.py"],
    ["a web app's front-end code kept in scripts/js/", "scripts/js/groups-clients.js"],
    ["a base class of such importers", "mealie/services/migrations/_migration_base.py"],
  ])("%s (%s)", (_situation, path) => {
    expect(kind(path)).toBe("source");
  });
});

describe("neither source nor test", () => {
  it.each([
    ["a minified bundle", "public/js/app.min.js"],
    ["a minified vendored library", "static/jquery-3.7.1.min.js"],
    ["a GraphQL codegen folder", "src/__generated__/graphql.ts"],
    ["a generated folder", "src/generated/client.ts"],
    ["a generated file", "src/api.generated.ts"],
    ["Mix's project file", "mix.exs"],
    ["a gen file", "lib/routes.gen.dart"],
    ["protobuf Go code", "api/pay.pb.go"],
    ["protobuf Python code", "api/pay_pb2.py"],
    ["gRPC Python code", "api/pay_pb2_grpc.py"],
    ["Dart code generation", "lib/models/user.g.dart"],
    ["type declarations built into dist/", "dist/index.d.ts"],
    ["a WinForms designer file", "src/App/MainForm.Designer.cs"],
    ["a vendored Go module", "vendor/github.com/pkg/errors/errors.go"],
    ["an installed package", "node_modules/react/index.js"],
    ["a third-party copy", "third_party/zlib/inflate.c"],
    ["a build output", "dist/index.js"],
    ["a nested build output", "packages/web/build/main.js"],
    ["a compiled output", "out/main.js"],
    ["Rust's target folder", "target/debug/build/foo/out.rs"],
    ["documentation code", "docs/snippets/quickstart.py"],
    ["a doc example", "doc/example.go"],
    ["an example", "examples/basic/main.go"],
    ["a single example", "example/main.rs"],
    ["a Django migration", "shop/migrations/0002_add_price.py"],
    ["a migration folder", "src/migration/1700000000-AddUser.ts"],
    ["a Rails migration", "db/migrate/20240101000000_create_users.rb"],
    ["the Rails schema", "db/schema.rb"],
    ["an Alembic revision", "alembic/versions/3f2a_add_users.py"],
    ["a Blade view", "resources/views/welcome.blade.php"],
    ["a view", "app/views/users/index.rb"],
    ["a template", "app/templates/email.py"],
    ["a translation", "resources/lang/en/messages.php"],
    ["a locale", "src/locales/en.js"],
    ["a bundler config", "vite.config.ts"],
    ["a nested bundler config", "apps/web/next.config.mjs"],
    ["an ESLint config", ".eslintrc.js"],
    ["a gulpfile", "gulpfile.js"],
    ["a Gruntfile", "Gruntfile.cjs"],
    ["a setup script", "setup.py"],
    ["a nox file", "noxfile.py"],
    ["a Gradle Kotlin build", "build.gradle.kts"],
    ["a Gradle settings file", "settings.gradle.kts"],
    ["a Rakefile", "Rakefile"],
    ["a Gemfile", "Gemfile"],
    ["a workflow script", ".github/scripts/release.js"],
    ["a scripts folder", "scripts/seed.ts"],
    ["a script in a subfolder of scripts/", "scripts/release/publish.ts"],
    ["a Python script beside a scripts/js/ folder", "scripts/py/build.py"],
    ["front-end code under docs/, even in scripts/js/", "docs/scripts/js/search.js"],
    ["a script folder", "script/bootstrap.rb"],
    ["a tools folder", "tools/codegen/main.go"],
    ["a benchmark", "bench/parse.ts"],
    ["Rust benches", "benches/parse.rs"],
    ["the Java sources of an example module", "examples/demo/src/main/java/com/example/demo/Demo.java"],
    ["a database script among a JVM application's resources", "src/main/resources/db/mysql/user.sql"],
    ["a sample's Kotlin sources", "samples/android/app/src/main/kotlin/com/acme/MainActivity.kt"],
    ["a benchmarks folder", "benchmarks/pay_bench.py"],
    [".NET's Benchmarks project", "src/Benchmarks/EnumBenchmarks.cs"],
    ["a .NET benchmark project named after its library", "src/Payments.Benchmarks/Program.cs"],
    ["JMH benchmarks", "core/src/jmh/java/com/example/ParseBench.java"],
    [".NET samples", "Samples/Web/Program.cs"],
    ["a .NET samples project", "src/Payments.Samples/Checkout.cs"],
    ["a README", "README.md"],
    ["a YAML config", "config/settings.yml"],
    ["a stylesheet", "src/styles.css"],
  ])("%s (%s)", (_situation, path) => {
    expect(kind(path)).toBe("neither");
  });
});

describe("tests", () => {
  it.each([
    ["a test folder", "test/pay.ts"],
    ["a tests folder", "tests/models.py"],
    ["RSpec's spec folder", "spec/models/user_spec.rb"],
    ["a specs folder", "specs/pay.ts"],
    ["Jest's __tests__ folder", "src/__tests__/pay.ts"],
    ["Jest's manual mocks", "src/__mocks__/axios.ts"],
    ["Jest snapshots", "src/__snapshots__/Button.tsx.snap"],
    ["Go test data", "internal/pay/testdata/invoice.json"],
    ["an integration suite's folder", "integration_test/mix.exs"],
    ["a load-test folder", "load-tests/checkout.js"],
    ["an end-to-end suite's folder named first", "bookmarks/tests_e2e/e2e_test_tag_management.py"],
    ["a test-helpers folder", "lib/test-helpers/factories.rb"],
    ["a test-support module", "okhttp-testing-support/src/main/kotlin/okhttp3/FakeDns.kt"],
    ["a test inside an A/B-test feature", "src/ab_test/assign.test.ts"],
    ["fixtures", "app/fixtures/users.yml"],
    ["end-to-end tests", "e2e/login.ts"],
    ["Cypress tests", "cypress/integration/login.js"],
    ["Playwright tests", "playwright/login.ts"],
    ["Maven's test tree", "src/test/java/com/acme/PayTest.java"],
    ["a Kotlin Multiplatform test source set", "okhttp/src/commonTest/kotlin/okhttp3/DnsTester.kt"],
    ["Android's instrumented tests", "app/src/androidTest/java/com/acme/LoginFlow.kt"],
    ["Gradle test fixtures", "core/src/testFixtures/java/com/acme/Invoices.java"],
    ["a C# test project", "Payments.Tests/InvoiceTests.cs"],
    ["a C# unit-test project", "src/Payments.UnitTests/Invoice.cs"],
    ["a C# test project in the singular", "Payments.Test/Invoice.cs"],
    ["a colocated JavaScript test", "src/pay.test.ts"],
    ["a colocated spec", "src/cart.spec.js"],
    ["tsd's type test", "index.test-d.ts"],
    ["Vitest's type test", "src/pay.spec-d.ts"],
    ["a DefinitelyTyped test", "types/express/express-tests.ts"],
    ["a Go test", "internal/pay/pay_test.go"],
    ["a Python test named after pytest", "app/test_models.py"],
    ["a Python test with a suffix", "app/models_test.py"],
    ["pytest's conftest", "app/conftest.py"],
    ["an RSpec file outside spec/", "lib/user_spec.rb"],
    ["a JUnit test", "core/PayTest.java"],
    ["a Kotlin test class", "core/PayTests.kt"],
    ["a Java integration test", "core/PayIT.java"],
    ["a PHPUnit test", "src/PayTest.php"],
    ["an xUnit test", "src/PayTests.cs"],
    ["a Swift test", "Sources/PayTests.swift"],
    ["a Groovy test", "src/PaySpecTest.groovy"],
    ["a Scala test", "core/PayTest.scala"],
    ["a snapshot file", "src/Button.snap"],
  ])("%s (%s)", (_situation, path) => {
    expect(kind(path)).toBe("test");
  });

  it.each([
    ["a class named after testing", "src/Testing.java"],
    ["a latest-version helper", "src/latest.ts"],
    ["a Contest model", "app/models/contest.rb"],
    ["a file ending in IT that is not Java or Kotlin", "src/AUDIT.py"],
  ])("does not take %s (%s) for a test", (_situation, path) => {
    expect(kind(path)).toBe("source");
  });
});

describe("deployable changes", () => {
  it.each([
    ["a Helm chart's values", "helm/web/values.yaml"],
    ["a chart template", "charts/api/templates/deployment.yaml"],
    ["a Procfile", "Procfile"],
    ["a service's Procfile", "services/worker/Procfile"],
    ["a Dockerfile", "Dockerfile"],
    ["a named Dockerfile", "docker/api.Dockerfile"],
    ["a compose file", "docker-compose.prod.yml"],
    ["a compose file in YAML", "docker-compose.yaml"],
    ["Terraform", "infra/main.tf"],
    ["a Kubernetes manifest", "k8s/deployment.yaml"],
    ["a kubernetes folder", "ops/kubernetes/ingress.yaml"],
    ["a deploy folder", "deploy/production.yaml"],
    ["a Django migration", "shop/migrations/0002_add_price.py"],
    ["a migration folder", "src/migration/1700000000-AddUser.ts"],
    ["a Rails migration", "db/migrate/20240101000000_create_users.rb"],
    ["an Alembic revision", "alembic/versions/3f2a_add_users.py"],
    ["a Blade view", "resources/views/welcome.blade.php"],
    ["a view", "app/views/users/index.html.erb"],
    ["a template", "app/templates/email.html"],
    ["a translation", "resources/lang/en/messages.php"],
    ["a locale", "config/locales/en.yml"],
    ["a source file", "src/pay.ts"],
    ["a Vue component", "src/components/Cart.vue"],
    ["a Java package named samples", "src/main/java/org/springframework/samples/petclinic/vet/Vet.java"],
    ["a MyBatis mapper inside a com.example package", "src/main/java/com/example/mapper/UserMapper.xml"],
    ["a database script among a JVM application's resources", "src/main/resources/db/mysql/user.sql"],
    ["a Gemfile.lock bumped alone", "Gemfile.lock"],
    ["an image the app serves from public/", "public/images/country/sy.png"],
    ["an Angular component's template", "src-ui/src/app/components/list/list.component.html"],
    ["a service's package-lock.json bumped alone", "services/web/package-lock.json"],
    ["a mix.lock bumped alone", "mix.lock"],
    ["the server config an image is built with", "docker/uwsgi.ini"],
    ["a Django migration", "recipes/migrations/0012_add_servings.py"],
    ["a Laravel migration", "database/migrations/2024_01_01_000000_create_users_table.php"],
    ["a TypeORM migration", "src/migrations/1700000000000-AddUser.ts"],
    ["a Flyway script", "src/main/resources/db/migration/V3__add_index.sql"],
    ["a Prisma migration", "prisma/migrations/20240101120000_init/migration.sql"],
    ["Flask-Migrate's environment", "migrations/env.py"],
    ["an Alembic revision of Flask-Migrate", "migrations/versions/ae1027a6acf_add_table.py"],
    ["an EF Core migration", "src/Shop.Data/Migrations/20240101120000_Initial.cs"],
    ["EF Core's model snapshot", "src/Shop.Data/Migrations/ShopContextModelSnapshot.cs"],
    ["a favicon a web app serves", "img/favicons/favicon-32x32.png"],
    ["a font", "web/fonts/inter.woff2"],
    ["a Symfony translation", "translations/messages.hr.yml"],
    ["a container's entrypoint", "docker/entrypoint.sh"],
  ])("%s (%s)", (_situation, path) => {
    expect(deployable(path)).toBe(true);
  });

  it.each([
    ["a README", "README.md"],
    ["a test", "test/pay.test.ts"],
    ["a colocated test", "src/pay.test.ts"],
    ["a CI workflow", ".github/workflows/ci.yml"],
    ["a minified bundle", "public/js/app.min.js"],
    ["a generated client", "src/__generated__/graphql.ts"],
    ["documentation", "docs/deploy.md"],
    ["a file merely named like Procfile", "docs/Procfile.md"],
    ["the lock of the docs site", "docs/package-lock.json"],
    ["the lock of a test fixture", "test/fixtures/app/Gemfile.lock"],
  ])("not %s (%s)", (_situation, path) => {
    expect(deployable(path)).toBe(false);
  });

  it.each([
    ["Terraform of an example", "examples/aws/main.tf"],
    ["the Java sources of an example module", "examples/demo/src/main/java/com/example/demo/Demo.java"],
    ["a documentation template", "docs/templates/page.html"],
    ["infrastructure of the test setup", "test-infra/main.tf"],
  ])("never deploys %s (%s), though its kind ships elsewhere", (_situation, path) => {
    expect(deployable(path)).toBe(false);
  });
});

describe("lock files", () => {
  const files = (...paths: string[]) =>
    known({
      files: paths.map((filename) => ({ filename, status: "modified" as const, changes: 2 })),
      total: paths.length,
    });
  const applies = (...paths: string[]) =>
    appliesToChange(null, { source: DEFAULT_SOURCE_GLOBS, tests: DEFAULT_TEST_GLOBS }, { files: files(...paths) })
      .applies;

  it("leaves a lock changed with its manifest to the manifest's own changes (a dev-only bump ships nothing)", () => {
    expect(applies("Gemfile", "Gemfile.lock")).toBe(false);
    expect(applies("packages/web/package.json", "pnpm-lock.yaml")).toBe(false);
  });

  it("counts a lock changed alone as deployable, and a deleted one not", () => {
    expect(applies("Gemfile.lock")).toBe(true);
    expect(
      appliesToChange(
        null,
        { source: DEFAULT_SOURCE_GLOBS, tests: DEFAULT_TEST_GLOBS },
        { files: known({ files: [{ filename: "yarn.lock", status: "removed", changes: 200 }], total: 1 }) },
      ).applies,
    ).toBe(false);
  });

  it("counts an npm lock changed alone as not deployable when its patch moves only dev packages", () => {
    const lock = (devPackagesOnly: boolean) =>
      appliesToChange(
        null,
        { source: DEFAULT_SOURCE_GLOBS, tests: DEFAULT_TEST_GLOBS },
        {
          files: known({
            files: [{ filename: "package-lock.json", status: "modified", changes: 8, devPackagesOnly }],
            total: 1,
          }),
        },
      ).applies;
    expect(lock(true)).toBe(false);
    expect(lock(false)).toBe(true);
  });
});
