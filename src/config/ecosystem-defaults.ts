/**
 * The default classification of changed files, following the conventions of common ecosystems:
 * JavaScript/TypeScript, Python, Go, Java/Kotlin, Ruby, Rust, C#, PHP (and Swift, Scala, Elixir,
 * C/C++ by extension), in single repositories and monorepos alike. Every changed file falls in one
 * of three classes, defined here and nowhere else:
 *
 * 1. **code that needs tests** — `DEFAULT_SOURCE_GLOBS` (the default of `pull_requests.tests.source`)
 *    minus `DEFAULT_TEST_GLOBS`. It is deployable too.
 * 2. **deployable, needing no tests** — `DEPLOYABLE_WITHOUT_TESTS_GLOBS`: configuration of the
 *    deployed application, style sheets and other assets, views and templates, migrations,
 *    translations, infrastructure. Staging and rollback apply when it changes (`paths: null`).
 * 3. **neither** — everything else: docs, tests, CI, examples, dev tooling, build scripts.
 *
 * A file of class 1 or 2 whose patch changes only comments, docstrings or whitespace is
 * behaviour-neutral and counts as class 3 (see src/practices/deployable.ts).
 *
 * The lists read like `.gitignore`: a later `!glob` excludes what an earlier glob matched, and a
 * glob after that includes again.
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
  // Suites and test support in folders of their own: integration_test/, load-tests/,
  // tests_e2e/, test-helpers/, okhttp-testing-support/.
  "**/*{_,-}test/**",
  "**/*{_,-}tests/**",
  "**/test{,s}{_,-}*/**",
  // … but not an application's A/B-test or split-test feature.
  "!**/{ab,a_b,a-b,split}{_,-}test{,s}/**",
  "**/*{_,-}testing{_,-}support/**",
  // Gradle source sets of tests: Kotlin Multiplatform's src/commonTest/, src/jvmTest/, Android's
  // src/androidTest/, src/integrationTest/, and java-test-fixtures' src/testFixtures/.
  "**/src/*Test/**",
  "**/src/testFixtures/**",
  // Test infrastructure and helpers: test-infra/, Go's testutil/ packages.
  "**/test-infra/**",
  "**/testutil/**",
  "**/testutils/**",
  "**/test-utils/**",
  "**/test_utils/**",
  // Vite-style playgrounds at the root: the end-to-end suites run against them.
  "playground/**",
  // C# test projects: Payments.Tests/, Payments.UnitTests/, Payments.Test/.
  "**/*.Tests/**",
  "**/*.*Tests/**",
  "**/*.Test/**",
  // File names: JS/TS `.test.`/`.spec.`, Go and Python `_test.`, pytest `test_*.py`, Django's
  // `tests.py` (what `startapp` creates), RSpec `_spec.rb`, JUnit/PHPUnit/xUnit `FooTest.java`,
  // `FooTests.cs`, `FooIT.java`, Swift `FooTests.swift`.
  "**/*.test.*",
  "**/*.spec.*",
  // Type tests of declarations: tsd's and Vitest's `index.test-d.ts`, DefinitelyTyped's `node-tests.ts`.
  "**/*.{test,spec}-d.{ts,tsx,mts,cts}",
  "**/*-tests.{ts,tsx}",
  "**/*_test.*",
  "**/*_spec.rb",
  "**/test_*.py",
  "**/tests.py",
  "**/tests_*.py",
  "**/conftest.py",
  "**/*Test.{java,kt,kts,scala,php,cs,swift,groovy}",
  "**/*Tests.{java,kt,kts,scala,php,cs,swift,groovy}",
  "**/*IT.{java,kt}",
  "**/*.snap",
];

const CODE_EXTENSIONS =
  "ts,tsx,mts,cts,js,jsx,mjs,cjs,vue,svelte,py,go,java,kt,kts,scala,groovy,rb,rs,cs,fs,vb,php,swift,m,mm,c,cc,cpp,cxx,h,hh,hpp,ex,exs,erl,clj,cljs,dart,lua,sql";

/**
 * Django's application modules (what `startapp` creates, and the usual companions): a `docs/`
 * folder holding them is an application package (djangoproject.com's `docs` app serves the docs
 * site), not documentation. Sphinx's `conf.py`, extensions and code samples never have these names.
 */
const APP_PACKAGE_MODULES = "apps,models,views,urls,admin,forms,serializers,signals,managers,middleware,feeds,sitemaps";

/** Folder names of documentation and examples. */
const EXAMPLE_FOLDERS = "docs,doc,documentation,examples,example,_examples,samples,sample,Docs,Examples,Samples";
/** JVM source sets (Maven's and Gradle's `src/main/java/`, `src/test/kotlin/`…). */
const JVM_SOURCE_SETS = "src/*/{java,kotlin,scala,groovy}";

/**
 * A JVM source set is a package tree: a package named `samples`, `example` or `docs`
 * (`org.springframework.samples`, Spring Initializr's `com.example`) is the application's code, not
 * an example folder; the source set of an example module (`examples/demo/src/main/java/`) stays out.
 */
function jvmPackagesNamedLikeExamples(files: string): string[] {
  return [
    `**/${JVM_SOURCE_SETS}/**/{${EXAMPLE_FOLDERS}}/**/${files}`,
    `!**/{${EXAMPLE_FOLDERS}}/**/${JVM_SOURCE_SETS}/**`,
  ];
}

/** Excludes documentation and example folders: their files are neither code that needs tests nor deployed. */
const DOCS_AND_EXAMPLES: readonly string[] = [
  "!**/docs/**",
  "!**/doc/**",
  "!**/documentation/**",
  "!**/examples/**",
  "!**/example/**",
  "!**/_examples/**",
  "!**/samples/**",
  "!**/sample/**",
  // .NET names its folders and projects in PascalCase: Samples/, Humanizer.Samples/.
  "!**/{Docs,Examples,Samples}/**",
  "!**/*.{Examples,Samples}/**",
];

/** Folders never deployed: docs, examples, CI, scripts and tools. */
const NEVER_DEPLOYED: readonly string[] = [
  ...DOCS_AND_EXAMPLES,
  ...jvmPackagesNamedLikeExamples("*"),
  "!.github/**",
  "!**/scripts/**",
  "!**/tools/**",
];

/**
 * Schema migrations (deployable, class 2, needing no unit test of their own): the files of a
 * `migrations/` or `migration/` folder (.NET's `Migrations/`) named as migration tools name them —
 * a number or a timestamp first (Django's `0001_initial.py`, Laravel's `2024_01_01_000000_x.php`,
 * Knex's, TypeORM's, Ecto's, golang-migrate's `000001_x.up.sql`, EF Core's), Flyway's `V1__x.sql`
 * and `R__x.sql`, SQL scripts, anything under Alembic's `versions/`, and the tools' own files
 * (`__init__.py`, Flask-Migrate's `env.py`, `script.py.mako`, `alembic.ini`, EF Core's model
 * snapshot); Rails' `db/migrate/` and schema. A module that merely sits in a folder named so (an
 * importer of other apps' data, mealie's `services/migrations/paprika.py`) is code.
 */
export const SCHEMA_MIGRATION_GLOBS: readonly string[] = [
  "**/{migrations,migration,Migrations}/**/{[0-9]*,V[0-9]*,R__*,U[0-9]*}",
  "**/{migrations,migration,Migrations}/**/*.sql",
  "**/{migrations,migration}/versions/**",
  "**/{migrations,migration}/**/{__init__.py,env.py,script.py.mako,alembic.ini}",
  "**/Migrations/*ModelSnapshot.cs",
  "**/db/migrate/**",
  "**/alembic/versions/**",
  "**/db/schema.rb",
];

/** Class 1: files whose change is a change of the software: code, anywhere in a repository or monorepo. */
export const DEFAULT_SOURCE_GLOBS: readonly string[] = [
  `**/*.{${CODE_EXTENSIONS}}`,
  // Docs and examples.
  ...DOCS_AND_EXAMPLES,
  ...jvmPackagesNamedLikeExamples(`*.{${CODE_EXTENSIONS}}`),
  // … unless the docs folder is an application package (see APP_PACKAGE_MODULES).
  `**/docs/{${APP_PACKAGE_MODULES}}.py`,
  "**/docs/{management,templatetags}/**/*.py",
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
  "!**/*.Designer.cs",
  // Schema migrations are deployable (class 2) but need no unit test of their own.
  ...SCHEMA_MIGRATION_GLOBS.map((glob) => `!${glob}`),
  // Views, templates, translations and assets are deployed (class 2) but are not unit-tested code;
  // scripts under assets/ (Phoenix's and Rails' front-end code) are code.
  "!**/*.blade.php",
  "!**/views/**",
  "!**/templates/**",
  "!**/lang/**",
  "!**/locale/**",
  "!**/locales/**",
  "!**/translations/**",
  "!**/static/**",
  // Configuration of the deployed application (class 2): Rails' config/, Django's settings and
  // server entry points.
  "!config/**/*.rb",
  "!**/config/{environments,initializers}/**",
  "!**/settings.py",
  "!**/settings_*.py",
  "!**/*_settings.py",
  "!**/settings/{base,common,defaults,local,dev,development,prod,production,staging}.py",
  "!**/{wsgi,asgi}.py",
  // Resources a JVM application packages (its configuration, SQL scripts, templates, static files).
  "!**/src/main/resources/**",
  // Tooling, build scripts and configuration written as code (class 3): Cake (`build.cake`,
  // `cake.cs`), Nuke (`build/`, `_build/`), Rust's `build.rs`, Gradle, Mage, Mix, task runners.
  "!**/*.config.{js,cjs,mjs,ts,cts,mts}",
  "!**/.*rc.{js,cjs,mjs}",
  "!**/{Gruntfile,gulpfile,Jakefile}.{js,cjs,mjs,ts}",
  "!**/{setup,noxfile,fabfile,conftest,manage}.py",
  "!**/*.cake",
  "!**/cake.cs",
  "!**/_build/**",
  "!**/.nuke/**",
  "!**/build.rs",
  "!**/*.gradle.kts",
  "!**/buildSrc/**",
  "!**/magefile.go",
  "!**/{Rakefile,Gemfile,Dangerfile,Fastfile}",
  // Project files written as code: Mix's mix.exs (its dependencies are read as a manifest).
  "!**/mix.exs",
  "!.github/**",
  // A scripts/ folder holds tooling, except a web app's front-end code kept in scripts/js/
  // (pi-hole's, AdminLTE's): served to every browser, and code like any other.
  "!**/scripts/*",
  "!**/scripts/!(js)/**",
  "!**/script/**",
  "!**/tools/**",
  // Benchmarks: bench/, Rust's benches/, .NET's Benchmarks/ or Payments.Benchmarks/ projects, JMH's
  // src/jmh/ (the Gradle plugin's source set).
  "!**/{bench,benches,benchmark,benchmarks,Benchmark,Benchmarks}/**",
  "!**/*.{Benchmark,Benchmarks}/**",
  "!**/src/jmh/**",
];

/**
 * The deployment itself (part of class 2): containers, infrastructure as code, platform manifests.
 * Tests cannot test these: tests changed beside them test something else.
 */
export const DEPLOYMENT_GLOBS: readonly string[] = [
  "**/Dockerfile",
  "**/*.Dockerfile",
  "**/docker-compose*.{yml,yaml}",
  // What an image is built from besides its Dockerfile: entrypoints, the server's config (uwsgi.ini).
  "**/docker/**",
  "**/*.{tf,tfvars}",
  "**/helm/**",
  "**/charts/**",
  "**/k8s/**",
  "**/kubernetes/**",
  "**/deploy/**",
  "**/Procfile",
];

/**
 * Class 2: besides source files, what a deployment ships or is made of, so that staging and
 * rollback apply when it changes, though it needs no unit test. Tests (the `tests` globs) are
 * never deployable; the exclusions at the end keep docs, examples and tooling out (`*.tf` under
 * `examples/`, `docs/**\/templates/`).
 */
export const DEPLOYABLE_WITHOUT_TESTS_GLOBS: readonly string[] = [
  ...SCHEMA_MIGRATION_GLOBS,
  // Views, templates and translations.
  "**/*.blade.php",
  "**/views/**",
  "**/templates/**",
  "**/lang/**",
  "**/locale/**",
  "**/locales/**",
  // Symfony's (and Qt's) translations/ folder.
  "**/translations/**",
  "**/*.{po,mo}",
  // Style sheets and other assets; the files a web app serves as they are (Rails', Laravel's,
  // Next.js' `public/`) and Angular's component templates.
  "**/*.{css,scss,sass,less,styl,pcss}",
  "**/static/**",
  "**/assets/**",
  "**/public/**",
  "**/*.component.html",
  // Images and fonts in the folders a web app serves them from (pi-hole's `img/favicons/`).
  "**/{img,images,icons,fonts,favicons}/**/*.{png,jpg,jpeg,gif,svg,ico,webp,avif,woff,woff2,ttf,otf,eot}",
  // … but not a minified bundle built from the sources (the sources' change is the change).
  "!**/*.min.{js,css}",
  // Configuration of the deployed application: Rails, Django, Spring (`application*.properties|yml`
  // and the rest of `src/main/resources/`), .NET `appsettings*.json`.
  "config/**/*.{rb,yml,yaml}",
  "**/config/{environments,initializers,locales}/**",
  "**/settings.py",
  "**/settings_*.py",
  "**/*_settings.py",
  "**/settings/{base,common,defaults,local,dev,development,prod,production,staging}.py",
  "**/{wsgi,asgi}.py",
  "**/{application,bootstrap}*.{properties,yml,yaml}",
  "**/src/main/resources/**",
  "**/appsettings*.json",
  // The deployment itself: containers, infrastructure as code, platform manifests.
  ...DEPLOYMENT_GLOBS,
  // Never deployed (class 3), whatever the globs above say.
  ...NEVER_DEPLOYED,
];

/**
 * Where a dependency manifest belongs to the deployed application: anywhere but the folders that
 * are never deployed (a runtime dependency's change there ships nothing).
 */
export const APPLICATION_MANIFEST_GLOBS: readonly string[] = ["**", ...NEVER_DEPLOYED];

/**
 * Lock files by name, with the manifests whose dependencies they pin. A lock changed while none of
 * its manifests did (Dependabot's `Gemfile.lock`-only bump) changes what the application runs, and
 * whether those packages ship cannot be told from the lock alone (`Gemfile.lock` has no groups).
 */
export const LOCK_FILES: Readonly<Record<string, readonly string[]>> = {
  "Gemfile.lock": ["Gemfile", "gems.rb"],
  "gems.locked": ["Gemfile", "gems.rb"],
  "package-lock.json": ["package.json"],
  "npm-shrinkwrap.json": ["package.json"],
  "yarn.lock": ["package.json"],
  "pnpm-lock.yaml": ["package.json"],
  "bun.lock": ["package.json"],
  "composer.lock": ["composer.json"],
  "mix.lock": ["mix.exs"],
  "poetry.lock": ["pyproject.toml"],
  "uv.lock": ["pyproject.toml"],
  "pdm.lock": ["pyproject.toml"],
  "Pipfile.lock": ["Pipfile"],
  "Cargo.lock": ["Cargo.toml"],
  "go.sum": ["go.mod"],
};

/**
 * Whether `lockName` is a lock file changed while none of its manifests did, by the names of the
 * files a pull request changes (`changedNames`, anywhere in it).
 */
export function lockChangedAlone(lockName: string, changedNames: ReadonlySet<string>): boolean {
  const manifests = LOCK_FILES[lockName];
  return manifests !== undefined && !manifests.some((manifest) => changedNames.has(manifest));
}
