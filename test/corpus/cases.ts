import type { Outcome } from "../../src/practices/types.js";
import type { CorpusCase } from "./harness.js";
import { CHECKLIST, DETAILS, EMOJI, RISKS, STANDARD } from "./templates.js";

/**
 * The labelled corpus: pull requests in the style of real repositories across ecosystems, each
 * with the verdict a careful reviewer gives. `expect` is five letters, one per practice in the
 * order tests, staging, rollback, requirements, dependencies: p pass, f fail, s not applicable.
 */
type Draft = Omit<CorpusCase, "expect" | "ecosystem" | "id"> & { expect: string };

const letters: Record<string, Outcome> = { p: "pass", f: "fail", s: "skip" };

function group(ecosystem: string, drafts: Record<string, Draft>): CorpusCase[] {
  return Object.entries(drafts).map(([id, draft]) => {
    const [tests, staging, rollback, requirements, dependencies] = [...draft.expect].map((letter) => {
      const outcome = letters[letter];
      if (!outcome) throw new Error(`${id}: bad expectation ${draft.expect}`);
      return outcome;
    }) as Outcome[];
    return {
      ...draft,
      id: `${ecosystem}/${id}`,
      ecosystem,
      expect: {
        tests: tests as Outcome,
        staging: staging as Outcome,
        rollback: rollback as Outcome,
        requirements: requirements as Outcome,
        dependencies: dependencies as Outcome,
      },
    };
  });
}

const ROLLBACK = "## Rollback\nRevert the merge commit and redeploy the previous release; no data changes.";
const JIRA = { pull_requests: { requirements: { key_pattern: "[A-Z][A-Z0-9]+-\\d+" } } };

const javascript = group("javascript", {
  "feature-with-colocated-test": {
    title: "Add refund endpoint",
    body: `Closes #412\n\n${ROLLBACK}`,
    files: "M src/routes/refunds.ts\nA src/routes/refunds.test.ts",
    deployed: true,
    expect: "pppps",
  },
  "readme-typo": {
    title: "Fix typo in README",
    body: "Fixes #88",
    files: "M README.md",
    expect: "sssps",
  },
  "docs-folder-only": {
    title: "Document the retry policy",
    body: "Part of #301.",
    files: "M docs/retries.md\nA docs/images/retry.png",
    expect: "sssps",
  },
  "react-component-no-test": {
    title: "New checkout button",
    body: `Implements #77\n\n${ROLLBACK}`,
    files: "A src/components/CheckoutButton.tsx\nM src/pages/cart.tsx",
    deployed: true,
    expect: "fppps",
  },
  "jest-tests-folder": {
    title: "Handle empty carts",
    body: `Fixes #90\n\n${ROLLBACK}`,
    files: "M lib/cart.js\nM __tests__/cart.test.js",
    deployed: true,
    expect: "pppps",
  },
  "config-only-change": {
    title: "Bump eslint rules",
    body: "Refs #12",
    files: "M .eslintrc.json\nM eslint.config.js\nM .github/workflows/ci.yml",
    expect: "sssps",
  },
  "new-dependency-justified": {
    title: "Parse durations with ms",
    body: `Closes #140\n\n${ROLLBACK}\n\n## Dependencies\n- \`ms\`: tiny, no dependencies, already used by our logger.`,
    files: "M package.json\nM package-lock.json\nM src/config.ts\nM test/config.test.ts",
    manifests: [
      {
        path: "package.json",
        before: '{"dependencies":{"express":"^4.19.0"}}',
        after: '{"dependencies":{"express":"^4.19.0","ms":"^2.1.3"}}',
      },
    ],
    deployed: true,
    expect: "ppppp",
  },
  "dependency-named-inside-other-words": {
    title: "Add request helpers",
    body: `Closes #141\n\n${ROLLBACK}\n\n## Dependencies\nThe items in this pull request use react-dom for portals.`,
    files: "M package.json\nM src/portal.tsx\nA src/portal.test.tsx",
    manifests: [
      {
        path: "package.json",
        before: '{"dependencies":{"react-dom":"18.3.0"}}',
        after: '{"dependencies":{"react-dom":"18.3.0","react":"18.3.0","ms":"2.1.3","request":"2.88.2"}}',
      },
    ],
    deployed: true,
    expect: "ppppf",
  },
  // A runtime dependency's new version ships (issue "Right on real repositories"): staging and
  // rollback apply; nothing was staged here.
  "version-bump-only": {
    title: "Upgrade express",
    body: `Closes #150\n\n${ROLLBACK}`,
    files: "M package.json\nM package-lock.json",
    manifests: [
      {
        path: "package.json",
        before: '{"dependencies":{"express":"^4.18.0"}}',
        after: '{"dependencies":{"express":"^4.19.2"}}',
      },
    ],
    expect: "sfpps",
  },
  "template-left-as-is": {
    title: "Speed up search",
    body: STANDARD,
    templates: [STANDARD],
    files: "M src/search.ts\nM test/search.test.ts",
    deployed: true,
    expect: "ppffs",
  },
  "template-filled": {
    title: "Speed up search",
    body: STANDARD.replace("<!-- What does this PR change, and why? -->", "Caches the index per tenant.")
      .replace("Closes #", "Closes #512")
      .replace(
        "How would we undo this change if it goes wrong?",
        "Set SEARCH_CACHE=off and restart; the cache is read-through, nothing to migrate.",
      ),
    templates: [STANDARD],
    files: "M src/search.ts\nM test/search.test.ts",
    deployed: true,
    expect: "pppps",
  },
  "anchor-and-ranking-not-references": {
    title: "Make us #1 on page speed",
    body: `See [the table](#12) below. Colour is now #123456.\n\n${ROLLBACK}`,
    files: "M src/styles/theme.ts\nM src/styles/theme.test.ts",
    deployed: true,
    expect: "pppfs",
  },
  "deleted-feature-without-tests": {
    title: "Remove legacy exports",
    body: `Closes #600\n\n${ROLLBACK}`,
    files: "D src/legacy/export.ts\nD test/legacy/export.test.ts",
    deployed: true,
    expect: "sppps",
  },
  // Declarations a generator wrote (in its output folder): not source. Hand-written `.d.ts` files
  // are a library's published types and need type tests (a real fastify pull request said so),
  // so this case's files moved from src/types/ to the generator's folder.
  "generated-and-types-only": {
    title: "Regenerate API client",
    body: "Refs #222",
    files: "M src/__generated__/api.d.ts\nM src/__generated__/events.d.ts",
    expect: "sssps",
  },
});

const python = group("python", {
  "module-with-pytest-prefix-test": {
    title: "Add VAT rounding",
    body: `Fixes #31\n\n${ROLLBACK}`,
    files: "M src/billing/vat.py\nA tests/test_vat.py",
    deployed: true,
    expect: "pppps",
  },
  "test-next-to-module": {
    title: "Handle leap years",
    body: `Closes #32\n\n${ROLLBACK}`,
    files: "M src/pay.py\nA src/test_pay.py",
    deployed: true,
    expect: "pppps",
  },
  "django-app-no-tests": {
    title: "Add order export view",
    body: `Closes #33\n\n${ROLLBACK}`,
    files: "M shop/orders/views.py\nM shop/orders/urls.py",
    deployed: true,
    expect: "fppps",
  },
  "django-migration-only": {
    title: "Add index on orders.created_at",
    body: "Closes #34\n\n## Rollback\nRun `manage.py migrate orders 0041` to drop the index; it is safe online.",
    files: "A shop/orders/migrations/0042_orders_created_idx.py",
    deployed: true,
    expect: "sppps",
  },
  "requirements-folder-new-package": {
    title: "Retry outbound calls",
    body: `Closes #35\n\n${ROLLBACK}\n\n## Dependencies\n\`tenacity\` gives us jittered retries without hand-written loops.`,
    files: "M requirements/base.txt\nM app/client.py\nM tests/test_client.py",
    manifests: [
      { path: "requirements/base.txt", before: "requests==2.32.3\n", after: "requests==2.32.3\ntenacity==8.5.0\n" },
    ],
    deployed: true,
    expect: "ppppp",
  },
  "pip-tools-in-file-unjustified": {
    title: "Add pandas for reports",
    body: `Closes #36\n\n${ROLLBACK}`,
    files: "M requirements.in\nM requirements.txt\nM reports/build.py\nM tests/test_reports.py",
    manifests: [{ path: "requirements.in", before: "django\n", after: "django\npandas\n" }],
    deployed: true,
    expect: "ppppf",
  },
  "git-url-requirement": {
    title: "Vendor our SDK fork",
    body: `Closes #37\n\n${ROLLBACK}\n\n## Dependencies\npay-sdk: our fork with the idempotency fix, until upstream releases it.`,
    files: "M requirements.txt\nM app/payments.py\nM tests/test_payments.py",
    manifests: [
      {
        path: "requirements.txt",
        before: "django==5.0\n",
        after: "django==5.0\ngit+https://github.com/acme/pay-sdk.git@v2.1#egg=pay-sdk\n",
      },
    ],
    deployed: true,
    expect: "ppppp",
  },
  "uv-dev-group": {
    title: "Type-check in CI",
    body: "Closes #38\n\n## Dependencies\n- mypy: the type checker the team already uses locally.",
    files: "M pyproject.toml\nM .github/workflows/ci.yml",
    manifests: [
      {
        path: "pyproject.toml",
        before: '[project]\nname = "svc"\ndependencies = ["fastapi"]\n',
        after: '[project]\nname = "svc"\ndependencies = ["fastapi"]\n\n[tool.uv]\ndev-dependencies = ["mypy>=1.10"]\n',
      },
    ],
    expect: "ssspp",
  },
  "pdm-dev-group-unjustified": {
    title: "Add coverage",
    body: "Closes #39",
    files: "M pyproject.toml",
    manifests: [
      {
        path: "pyproject.toml",
        before: '[project]\nname = "svc"\n',
        after: '[project]\nname = "svc"\n\n[tool.pdm.dev-dependencies]\ntest = ["pytest-cov"]\n',
      },
    ],
    expect: "ssspf",
  },
  "conftest-and-fixtures-only": {
    title: "Share DB fixtures",
    body: "Part of #40",
    files: "M tests/conftest.py\nA tests/fixtures/orders.json",
    expect: "sssps",
  },
  "setup-py-and-noxfile": {
    title: "Run tests on 3.13",
    body: "Refs #41",
    files: "M setup.py\nM noxfile.py\nM tox.ini",
    expect: "sssps",
  },
  "rollback-section-with-question-only": {
    title: "Cache exchange rates",
    body: "Closes #42\n\n## Rollback\nHow would we undo this change if it goes wrong?",
    templates: [STANDARD],
    files: "M app/rates.py\nM tests/test_rates.py",
    deployed: true,
    expect: "ppfps",
  },
});

const go = group("go", {
  "internal-package-with-test": {
    title: "Backoff in the poller",
    body: `Fixes #7\n\n${ROLLBACK}`,
    files: "M internal/poller/poller.go\nM internal/poller/poller_test.go",
    deployed: true,
    expect: "pppps",
  },
  "cmd-without-test": {
    title: "Add --dry-run flag",
    body: `Fixes #8\n\n${ROLLBACK}`,
    files: "M cmd/migrate/main.go",
    deployed: true,
    expect: "fppps",
  },
  "pkg-with-testdata": {
    title: "Parse RFC 3339 with offsets",
    body: `Closes #9\n\n${ROLLBACK}`,
    files: "M pkg/timefmt/parse.go\nA pkg/timefmt/testdata/offsets.golden",
    deployed: true,
    expect: "pppps",
  },
  "new-module-justified-by-last-element": {
    title: "Route with chi",
    body: `Closes #10\n\n${ROLLBACK}\n\n## Dependencies\nchi: stdlib-compatible router, no reflection.`,
    files: "M go.mod\nM go.sum\nM internal/http/router.go\nM internal/http/router_test.go",
    manifests: [
      {
        path: "go.mod",
        before: "module example.com/svc\n\ngo 1.22\n",
        after: "module example.com/svc\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n",
      },
    ],
    deployed: true,
    expect: "ppppp",
  },
  "indirect-only": {
    title: "go mod tidy",
    body: "Refs #11",
    files: "M go.mod\nM go.sum",
    manifests: [
      {
        path: "go.mod",
        before: "module example.com/svc\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n)\n",
        after:
          "module example.com/svc\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgolang.org/x/sys v0.20.0 // indirect\n)\n",
      },
    ],
    expect: "sssps",
  },
  "protobuf-regenerated": {
    title: "Regenerate protobufs",
    body: "Refs #12",
    files: "M api/v1/orders.pb.go\nM api/v1/orders.proto",
    expect: "sssps",
  },
  "tracker-key-in-branch": {
    title: "Retry webhooks",
    body: ROLLBACK,
    headRef: "feature/PAY-142-retry-webhooks",
    config: JIRA,
    files: "M internal/webhooks/retry.go\nA internal/webhooks/retry_test.go",
    deployed: true,
    expect: "pppps",
  },
  "utf8-is-not-a-ticket": {
    title: "Decode UTF-8 names and hash with SHA-256",
    body: ROLLBACK,
    config: JIRA,
    files: "M internal/names/decode.go\nM internal/names/decode_test.go",
    deployed: true,
    expect: "pppfs",
  },
  "not-deployed-yet": {
    title: "Bigger batch size",
    body: `Closes #13\n\n${ROLLBACK}`,
    files: "M internal/batch/batch.go\nM internal/batch/batch_test.go",
    expect: "pfpps",
  },
});

const java = group("java", {
  "maven-layout": {
    title: "Round refunds half-even",
    body: `Closes #501\n\n${ROLLBACK}`,
    files: "M src/main/java/com/acme/pay/Refunds.java\nM src/test/java/com/acme/pay/RefundsTest.java",
    deployed: true,
    expect: "pppps",
  },
  "gradle-kotlin-no-test": {
    title: "Expose refund status",
    body: `Closes #502\n\n${ROLLBACK}`,
    files: "M app/src/main/kotlin/com/acme/RefundController.kt",
    deployed: true,
    expect: "fppps",
  },
  "integration-test-suffix": {
    title: "Persist refunds",
    body: `Closes #503\n\n${ROLLBACK}`,
    files: "M src/main/java/com/acme/RefundRepository.java\nA src/it/java/com/acme/RefundRepositoryIT.java",
    deployed: true,
    expect: "pppps",
  },
  "build-files-only": {
    title: "Build with Gradle 8.8",
    body: "Refs #504",
    files: "M build.gradle.kts\nM settings.gradle.kts\nM gradle/wrapper/gradle-wrapper.properties",
    expect: "sssps",
  },
  "flyway-migration-with-risks-template-unchanged": {
    title: "Add refunds table",
    body: RISKS.replace("### Description\n", "### Description\nAdds the refunds table (Closes #505).\n"),
    templates: [RISKS],
    files: "A src/main/resources/db/migration/V12__refunds.sql",
    deployed: true,
    expect: "spfps",
  },
  "risks-template-filled": {
    title: "Add refunds table",
    body: RISKS.replace("### Description\n", "### Description\nAdds the refunds table (Closes #505).\n").replace(
      "- Rollback plan: revert this PR and redeploy",
      "- Rollback plan: V13 drops the table; it is empty until the feature flag is on.",
    ),
    templates: [RISKS],
    files: "M src/main/java/com/acme/Refunds.java\nA src/test/java/com/acme/RefundsTests.java",
    deployed: true,
    expect: "pppps",
  },
  "jira-key-in-title": {
    title: "PAY-881 retry ledger writes",
    body: ROLLBACK,
    config: JIRA,
    files: "M src/main/java/com/acme/Ledger.java\nM src/test/java/com/acme/LedgerTest.java",
    deployed: true,
    expect: "pppps",
  },
  "cve-is-not-a-ticket": {
    title: "Mitigate CVE-2024-1234 in XML parsing",
    body: ROLLBACK,
    config: JIRA,
    files: "M src/main/java/com/acme/Xml.java\nM src/test/java/com/acme/XmlTest.java",
    deployed: true,
    expect: "pppfs",
  },
});

const ruby = group("ruby", {
  "rails-model-with-spec": {
    title: "Validate refund amounts",
    body: `Closes #61\n\n${ROLLBACK}`,
    files: "M app/models/refund.rb\nM spec/models/refund_spec.rb",
    deployed: true,
    expect: "pppps",
  },
  "rails-controller-no-spec": {
    title: "Paginate refunds",
    body: `Closes #62\n\n${ROLLBACK}`,
    files: "M app/controllers/refunds_controller.rb\nM app/views/refunds/index.html.erb",
    deployed: true,
    expect: "fppps",
  },
  "rails-migration": {
    title: "Add refunds.reason",
    body: "Closes #63\n\n## Rollback\n`bin/rails db:rollback STEP=1`; the column is nullable and unused until the next release.",
    files: "A db/migrate/20261120101500_add_reason_to_refunds.rb\nM db/schema.rb",
    deployed: true,
    expect: "sppps",
  },
  "gem-added-justified": {
    title: "Background refunds",
    body: `Closes #64\n\n${ROLLBACK}\n\n## Dependencies\nsidekiq: already our job runner elsewhere; reuses the Redis we run.`,
    files: "M Gemfile\nM Gemfile.lock\nM app/jobs/refund_job.rb\nA spec/jobs/refund_job_spec.rb",
    manifests: [
      {
        path: "Gemfile",
        before: 'source "https://rubygems.org"\ngem "rails", "~> 7.1"\n',
        after: 'source "https://rubygems.org"\ngem "rails", "~> 7.1"\ngem "sidekiq", "~> 7.2"\n',
      },
    ],
    deployed: true,
    expect: "ppppp",
  },
  // A runtime gem added ships (staging and rollback apply, and are met), but its justification is hidden.
  "gem-justified-only-in-comment": {
    title: "Faster JSON",
    body: `Closes #65\n\n${ROLLBACK}\n\n## Dependencies\n<!-- oj: faster JSON -->`,
    files: "M Gemfile\nM Gemfile.lock",
    manifests: [
      {
        path: "Gemfile",
        before: 'gem "rails"\n',
        after: 'gem "rails"\ngem "oj"\n',
      },
    ],
    deployed: true,
    expect: "spppf",
  },
  "rakefile-and-ci": {
    title: "Lint in CI",
    body: "Refs #66",
    files: "M Rakefile\nM .rubocop.yml\nM .github/workflows/lint.yml",
    expect: "sssps",
  },
  "emoji-template-filled": {
    title: "Refund reasons",
    body: EMOJI.replace("## 1. 📝 Summary\n", "## 1. 📝 Summary\nStores why a refund happened.\n")
      .replace("PROJ-\n", "PROJ-204\n")
      .replace(
        "*Explain how to roll this back safely. Mention feature flags and migrations.*",
        "Disable `refund_reasons` in Flipper; the column stays and is ignored.",
      ),
    templates: [EMOJI],
    config: JIRA,
    files: "M app/models/refund.rb\nM spec/models/refund_spec.rb",
    deployed: true,
    expect: "pppps",
  },
  "emoji-template-untouched": {
    title: "Refund reasons",
    body: EMOJI,
    templates: [EMOJI],
    config: JIRA,
    files: "M app/models/refund.rb\nM spec/models/refund_spec.rb",
    deployed: true,
    expect: "ppffs",
  },
});

const rust = group("rust", {
  "integration-tests-folder": {
    title: "Stream large bodies",
    body: `Closes #21\n\n${ROLLBACK}`,
    files: "M src/body.rs\nA tests/streaming.rs",
    deployed: true,
    expect: "pppps",
  },
  "source-only": {
    title: "Tune buffer size",
    body: `Closes #22\n\n${ROLLBACK}`,
    files: "M src/buffer.rs",
    deployed: true,
    expect: "fppps",
  },
  "workspace-dependency-justified": {
    title: "Shared tracing setup",
    body: `Closes #23\n\n${ROLLBACK}\n\n## Dependencies\n\`tracing-subscriber\`: the standard subscriber for the tracing crate we already use.`,
    files: "M Cargo.toml\nM crates/core/src/telemetry.rs\nA crates/core/tests/telemetry.rs",
    manifests: [
      {
        path: "Cargo.toml",
        before: '[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\ntracing = "0.1"\n',
        after:
          '[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\ntracing = "0.1"\ntracing-subscriber = "0.3"\n',
      },
    ],
    deployed: true,
    expect: "ppppp",
  },
  "dev-dependency-unjustified": {
    title: "Property tests",
    body: "Closes #24",
    files: "M Cargo.toml\nA tests/properties.rs",
    manifests: [
      {
        path: "Cargo.toml",
        before: '[package]\nname = "svc"\n\n[dependencies]\nserde = "1"\n',
        after: '[package]\nname = "svc"\n\n[dependencies]\nserde = "1"\n\n[dev-dependencies]\nproptest = "1"\n',
      },
    ],
    expect: "ssspf",
  },
  "benches-only": {
    title: "Benchmark the parser",
    body: "Refs #25",
    files: "A benches/parse.rs",
    expect: "sssps",
  },
  "details-template-left": {
    title: "Faster parser",
    body: DETAILS.replace("## What\n", "## What\nSIMD fast path for ASCII (#26).\n"),
    templates: [DETAILS],
    files: "M src/parse.rs\nM tests/parse.rs",
    deployed: true,
    expect: "ppfps",
  },
  "details-template-filled": {
    title: "Faster parser",
    body: DETAILS.replace("## What\n", "## What\nSIMD fast path for ASCII (#26).\n").replace(
      "Describe the steps to roll back, e.g. `git revert <sha>` and redeploy.",
      "Set `PARSER_SIMD=0`; the scalar path is unchanged and still the fallback.",
    ),
    templates: [DETAILS],
    files: "M src/parse.rs\nM tests/parse.rs",
    deployed: true,
    expect: "pppps",
  },
});

const csharp = group("csharp", {
  "tests-project": {
    title: "Refund rounding",
    body: `Closes #71\n\n${ROLLBACK}`,
    files: "M src/Payments/Refunds.cs\nM tests/Payments.Tests/RefundsTests.cs",
    deployed: true,
    expect: "pppps",
  },
  "unit-tests-project-suffix": {
    title: "Refund limits",
    body: `Closes #72\n\n${ROLLBACK}`,
    files: "M src/Payments/Limits.cs\nA src/Payments.UnitTests/LimitsTests.cs",
    deployed: true,
    expect: "pppps",
  },
  "no-tests": {
    title: "Refund webhooks",
    body: `Closes #73\n\n${ROLLBACK}`,
    files: "M src/Payments/Webhooks.cs\nM src/Payments/Payments.csproj",
    deployed: true,
    expect: "fppps",
  },
  "designer-file-regenerated": {
    title: "Regenerate resources",
    body: "Refs #74",
    files: "M src/Payments/Resources.Designer.cs\nM src/Payments/Resources.resx",
    expect: "sssps",
  },
  "html-heading-rollback": {
    title: "Refund export",
    body: "Closes #75\n\n<h2>Rollback</h2>\n\nTurn off the `RefundExport` flag in App Configuration; nothing else changes.",
    files: "M src/Payments/Export.cs\nM tests/Payments.Tests/ExportTests.cs",
    deployed: true,
    expect: "pppps",
  },
  "checklist-template-unchecked": {
    title: "Refund export",
    body: CHECKLIST.replace("#### Changes\n", "#### Changes\nCSV export of refunds (#76).\n"),
    templates: [CHECKLIST],
    files: "M src/Payments/Export.cs\nM tests/Payments.Tests/ExportTests.cs",
    deployed: true,
    expect: "ppfps",
  },
  "checklist-template-checked": {
    title: "Refund export",
    body: CHECKLIST.replace("#### Changes\n", "#### Changes\nCSV export of refunds (#76).\n").replace(
      "- [ ] Turn off the feature flag",
      "- [x] Turn off the feature flag",
    ),
    templates: [CHECKLIST],
    files: "M src/Payments/Export.cs\nM tests/Payments.Tests/ExportTests.cs",
    deployed: true,
    expect: "pppps",
  },
});

const php = group("php", {
  "laravel-feature-test": {
    title: "Refund policy",
    body: `Closes #81\n\n${ROLLBACK}`,
    files: "M app/Policies/RefundPolicy.php\nA tests/Feature/RefundPolicyTest.php",
    deployed: true,
    expect: "pppps",
  },
  "symfony-no-test": {
    title: "Refund command",
    body: `Closes #82\n\n${ROLLBACK}`,
    files: "A src/Command/RefundCommand.php\nM config/services.yaml",
    deployed: true,
    expect: "fppps",
  },
  // A lock changed alone moves the packages the application runs: real reviewers label such bumps
  // deployable (firefly-iii's composer.lock, paperless-ngx's uv.lock, maybe's Gemfile.lock), so
  // staging and rollback apply (this case said "not applicable" before they were labelled).
  "composer-lock-only": {
    title: "composer update",
    body: "Refs #83",
    files: "M composer.lock",
    expect: "sffps",
  },
  "blade-views-only": {
    title: "Refund page copy",
    body: "Closes #84",
    files: "M resources/views/refunds/index.blade.php\nM resources/lang/en/refunds.php",
    deployed: true,
    expect: "spfps",
  },
  "roll-back-spelled-apart": {
    title: "Refund notifications",
    body: "Closes #85\n\n### How to roll back\nRevert; the notification table is append-only and can stay.",
    files: "M app/Notifications/RefundIssued.php\nM tests/Unit/RefundIssuedTest.php",
    deployed: true,
    expect: "pppps",
  },
  "rollbacks-sentence-is-no-heading": {
    title: "Refund notifications",
    body: "Closes #86\n\n## Rollbacks are hard here\nWe will be careful.",
    files: "M app/Notifications/RefundIssued.php\nM tests/Unit/RefundIssuedTest.php",
    deployed: true,
    expect: "ppfps",
  },
});

const monorepo = group("monorepo", {
  "package-src-with-test": {
    title: "Billing: prorate upgrades",
    body: `Closes #901\n\n${ROLLBACK}`,
    files: "M packages/billing/src/prorate.ts\nM packages/billing/src/prorate.test.ts",
    deployed: true,
    expect: "pppps",
  },
  "service-without-tests": {
    title: "Gateway: new header",
    body: `Closes #902\n\n${ROLLBACK}`,
    files: "M services/gateway/internal/headers/headers.go",
    deployed: true,
    expect: "fppps",
  },
  "apps-web-with-e2e": {
    title: "Web: refund banner",
    body: `Closes #903\n\n${ROLLBACK}`,
    files: "M apps/web/src/components/RefundBanner.tsx\nA apps/web/e2e/refund-banner.spec.ts",
    deployed: true,
    expect: "pppps",
  },
  "docs-site-only": {
    title: "Docs: refunds guide",
    body: "Closes #904",
    files: "M apps/docs/pages/refunds.mdx\nM apps/docs/docs/refunds.md",
    expect: "sssps",
  },
  "many-manifests-bumped": {
    title: "Bump typescript everywhere",
    body: "Refs #905",
    files: "M packages/a/package.json\nM packages/b/package.json\nM packages/c/package.json\nM pnpm-lock.yaml",
    manifests: [
      {
        path: "packages/a/package.json",
        before: '{"devDependencies":{"typescript":"5.4"}}',
        after: '{"devDependencies":{"typescript":"5.5"}}',
      },
      {
        path: "packages/b/package.json",
        before: '{"devDependencies":{"typescript":"5.4"}}',
        after: '{"devDependencies":{"typescript":"5.5"}}',
      },
      {
        path: "packages/c/package.json",
        before: '{"devDependencies":{"typescript":"5.4"}}',
        after: '{"devDependencies":{"typescript":"5.5"}}',
      },
    ],
    expect: "sssps",
  },
  "python-service-in-monorepo": {
    title: "ML: batch scoring",
    body: `Closes #906\n\n${ROLLBACK}`,
    files: "M services/scoring/scoring/batch.py\nA services/scoring/tests/test_batch.py",
    deployed: true,
    expect: "pppps",
  },
  "terraform-only": {
    title: "Infra: bigger database",
    body: "Closes #907\n\n## Rollback\nApply the previous plan (db.r6g.large); resizing back is online.",
    files: "M infra/terraform/rds.tf",
    deployed: true,
    expect: "sppps",
  },
  "dockerfile-only-no-rollback": {
    title: "Node 22 base image",
    body: "Closes #908",
    files: "M services/api/Dockerfile",
    expect: "sffps",
  },
  "adr-names-one-dependency-of-two": {
    title: "Queue refunds",
    body: `Closes #909\n\n${ROLLBACK}`,
    files:
      "M packages/billing/package.json\nA docs/adr/0012-queue.md\nM packages/billing/src/queue.ts\nA packages/billing/src/queue.test.ts",
    manifests: [
      {
        path: "packages/billing/package.json",
        before: '{"dependencies":{}}',
        after: '{"dependencies":{"bullmq":"5.0.0","lodash":"4.17.21"}}',
      },
    ],
    decisionRecords: {
      "docs/adr/0012-queue.md": "# 12. Queue refunds with BullMQ\n\nWe use bullmq because it runs on our Redis.",
    },
    deployed: true,
    expect: "ppppf",
  },
  "adr-names-the-dependency": {
    title: "Queue refunds",
    body: `Closes #910\n\n${ROLLBACK}`,
    files:
      "M packages/billing/package.json\nA docs/adr/0012-queue.md\nM packages/billing/src/queue.ts\nA packages/billing/src/queue.test.ts",
    manifests: [
      {
        path: "packages/billing/package.json",
        before: '{"dependencies":{}}',
        after: '{"dependencies":{"bullmq":"5.0.0"}}',
      },
    ],
    decisionRecords: {
      "docs/adr/0012-queue.md": "# 12. Queue refunds with BullMQ\n\nWe use bullmq because it runs on our Redis.",
    },
    deployed: true,
    expect: "ppppp",
  },
});

const habits = group("habits", {
  "rollback-heading-in-details": {
    title: "Refund retries",
    body: "Fixes #1001\n\n<details>\n<summary>Rollback</summary>\n\nRevert the merge commit; retries are idempotent.\n\n</details>",
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "pppps",
  },
  "rollback-code-block": {
    title: "Refund retries",
    body: "Fixes #1002\n\n## Rollback\n```sh\nkubectl rollout undo deployment/refunds\n```",
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "pppps",
  },
  "rollback-placeholder-sha": {
    title: "Refund retries",
    body: "Fixes #1003\n\n## Rollback\ngit revert <sha>",
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "ppfps",
  },
  "rollback-na": {
    title: "Refund retries",
    body: "Fixes #1004\n\n## Rollback\nN/A",
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "ppfps",
  },
  "risks-and-rollback-heading": {
    title: "Refund retries",
    body: "Fixes #1005\n\n## Risks & rollback\nLow risk. Disable `REFUND_RETRIES` to go back to single attempts.",
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "pppps",
  },
  "italic-guidance-only": {
    title: "Refund retries",
    body: "Fixes #1006\n\n## Rollback plan\n_Describe how to revert this change in production._",
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "ppfps",
  },
  "issue-url": {
    title: "Refund retries",
    body: `Spec: https://github.com/acme/roadmap/issues/44\n\n${ROLLBACK}`,
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "pppps",
  },
  "cross-repo-reference": {
    title: "Refund retries",
    body: `Part of acme/roadmap#45\n\n${ROLLBACK}`,
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "pppps",
  },
  "reference-inside-word-and-zero": {
    title: "Refund retries",
    body: `Follows foo#12 and #0.\n\n${ROLLBACK}`,
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "pppfs",
  },
  "reference-only-in-comment": {
    title: "Refund retries",
    body: `<!-- Link the issue, e.g. Closes #123 -->\n\n${ROLLBACK}`,
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "pppfs",
  },
  "pull-request-url-is-not-a-requirement": {
    title: "Refund retries",
    body: `Follow-up to https://github.com/acme/api/pull/9\n\n${ROLLBACK}`,
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "pppfs",
  },
  "renamed-file-no-edits": {
    title: "Move retries",
    body: `Fixes #1007\n\n${ROLLBACK}`,
    files: "R src/retry.ts -> src/retries/index.ts",
    deployed: true,
    expect: "sppps",
  },
  "scripts-only": {
    title: "Release script",
    body: "Fixes #1008",
    files: "M scripts/release.sh\nM scripts/changelog.mjs",
    expect: "sssps",
  },
  "examples-only": {
    title: "Example for refunds",
    body: "Fixes #1009",
    files: "A examples/refunds/index.ts",
    expect: "sssps",
  },
  "staging-failed": {
    title: "Refund retries",
    body: `Fixes #1010\n\n${ROLLBACK}`,
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: false,
    expect: "pfpps",
  },
  "tracker-key-in-body": {
    title: "Refund retries",
    body: `Implements PAY-1201.\n\n${ROLLBACK}`,
    config: JIRA,
    files: "M src/retries.ts\nM test/retries.test.ts",
    deployed: true,
    expect: "pppps",
  },
});

export const CORPUS: CorpusCase[] = [
  ...javascript,
  ...python,
  ...go,
  ...java,
  ...ruby,
  ...rust,
  ...csharp,
  ...php,
  ...monorepo,
  ...habits,
];
