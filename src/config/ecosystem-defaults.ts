/**
 * The default file classification for the `tests` practice, following the conventions of common
 * ecosystems: JavaScript/TypeScript, Python, Go, Java/Kotlin, Ruby, Rust, C#, PHP (and Swift,
 * Scala, Elixir, C/C++ by extension), in single repositories and monorepos alike. Docs, config,
 * build scripts and generated or vendored files are neither source nor tests.
 *
 * Both lists read like `.gitignore`: a later `!glob` excludes what an earlier glob matched.
 */

/** Files that are tests or test support (fixtures, snapshots, test data). Checked before source. */
export const DEFAULT_TEST_GLOBS: readonly string[] = [
  // Test folders: test/, tests/, spec/, __tests__/ at any depth (Maven/Gradle's src/test/ included).
  "**/test/**",
  "**/tests/**",
  "**/spec/**",
  "**/specs/**",
  "**/__tests__/**",
  "**/__mocks__/**",
  "**/__snapshots__/**",
  "**/testdata/**",
  "**/fixtures/**",
  "**/e2e/**",
  "**/cypress/**",
  "**/playwright/**",
  // C# test projects: Payments.Tests/, Payments.UnitTests/, Payments.Test/.
  "**/*.Tests/**",
  "**/*.*Tests/**",
  "**/*.Test/**",
  // File names: JS/TS `.test.`/`.spec.`, Go and Python `_test.`, pytest `test_*.py`, RSpec `_spec.rb`,
  // JUnit/PHPUnit/xUnit `FooTest.java`, `FooTests.cs`, `FooIT.java`, Swift `FooTests.swift`.
  "**/*.test.*",
  "**/*.spec.*",
  "**/*_test.*",
  "**/*_spec.rb",
  "**/test_*.py",
  "**/conftest.py",
  "**/*Test.{java,kt,kts,scala,php,cs,swift,groovy}",
  "**/*Tests.{java,kt,kts,scala,php,cs,swift,groovy}",
  "**/*IT.{java,kt}",
  "**/*.snap",
];

const CODE_EXTENSIONS =
  "ts,tsx,mts,cts,js,jsx,mjs,cjs,vue,svelte,py,go,java,kt,kts,scala,groovy,rb,rs,cs,fs,vb,php,swift,m,mm,c,cc,cpp,cxx,h,hh,hpp,ex,exs,erl,clj,cljs,dart,lua,sql";

/** Files whose change is a change of the software: code, anywhere in the repository or a monorepo. */
export const DEFAULT_SOURCE_GLOBS: readonly string[] = [
  `**/*.{${CODE_EXTENSIONS}}`,
  // Docs and examples.
  "!**/docs/**",
  "!**/doc/**",
  "!**/examples/**",
  "!**/example/**",
  // Generated, vendored and built files.
  "!**/vendor/**",
  "!**/node_modules/**",
  "!**/third_party/**",
  "!**/dist/**",
  "!**/build/**",
  "!**/out/**",
  "!**/target/**",
  "!**/generated/**",
  "!**/__generated__/**",
  "!**/*.generated.*",
  "!**/*.gen.*",
  "!**/*.pb.go",
  "!**/*_pb2.py",
  "!**/*_pb2_grpc.py",
  "!**/*.g.dart",
  "!**/*.min.js",
  "!**/*.d.ts",
  "!**/*.Designer.cs",
  // Schema migrations are deployable (see below) but need no unit test of their own.
  "!**/migrations/**",
  "!**/migration/**",
  "!**/db/migrate/**",
  "!**/alembic/versions/**",
  "!**/db/schema.rb",
  // Views, templates and translations are deployed (see below) but are not unit-tested code.
  "!**/*.blade.php",
  "!**/views/**",
  "!**/templates/**",
  "!**/lang/**",
  "!**/locales/**",
  // Tooling and configuration written as code.
  "!**/*.config.{js,cjs,mjs,ts,cts,mts}",
  "!**/.*rc.{js,cjs,mjs}",
  "!**/{Gruntfile,gulpfile,Jakefile}.{js,cjs,mjs,ts}",
  "!**/{setup,noxfile,fabfile,conftest}.py",
  "!**/build.gradle.kts",
  "!**/settings.gradle.kts",
  "!**/{Rakefile,Gemfile,Dangerfile}",
  "!.github/**",
  "!**/scripts/**",
  "!**/script/**",
  "!**/tools/**",
  "!**/bench/**",
  "!**/benches/**",
  "!**/benchmarks/**",
];

/**
 * Besides source files, what makes a pull request deployable, so that staging and rollback apply
 * when it changes: schema migrations and the files that define the deployment itself.
 */
export const DEPLOYABLE_EXTRA_GLOBS: readonly string[] = [
  "**/migrations/**",
  "**/migration/**",
  "**/*.blade.php",
  "**/views/**",
  "**/templates/**",
  "**/lang/**",
  "**/locales/**",
  "**/db/migrate/**",
  "**/alembic/versions/**",
  "**/Dockerfile",
  "**/*.Dockerfile",
  "**/docker-compose*.{yml,yaml}",
  "**/*.tf",
  "**/helm/**",
  "**/charts/**",
  "**/k8s/**",
  "**/kubernetes/**",
  "**/deploy/**",
  "**/Procfile",
];
