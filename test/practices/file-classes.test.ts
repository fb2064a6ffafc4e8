import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import { appliesToChange, type FileClass, fileClassifier } from "../../src/practices/deployable.js";
import { known } from "../../src/practices/types.js";

const classify = fileClassifier(defaultConfig.pull_requests.tests);

describe("the three classes of changed files (ecosystem defaults)", () => {
  it.each<[string, string, FileClass]>([
    // Code that needs tests.
    ["a TypeScript module", "src/pay.ts", "needs-tests"],
    ["a Django view module", "shop/views.py", "needs-tests"],
    ["a Rust library file", "src/lib.rs", "needs-tests"],
    ["a Go package", "internal/pay/pay.go", "needs-tests"],
    ["a Rails model", "app/models/user.rb", "needs-tests"],
    ["a docs/ folder that is a Django application package", "docs/views.py", "needs-tests"],
    ["a management command of a docs application", "docs/management/commands/update_docs.py", "needs-tests"],
    // Deployable, needing no tests.
    ["Rails environment configuration", "config/environments/production.rb", "deployable"],
    ["a Rails initializer", "config/initializers/sidekiq.rb", "deployable"],
    ["Rails settings in YAML", "config/settings.yml", "deployable"],
    ["Django settings module", "saleor/settings.py", "deployable"],
    ["Django settings package", "project/settings/production.py", "deployable"],
    ["Django WSGI entry point", "project/wsgi.py", "deployable"],
    ["Spring application.properties", "src/main/resources/application.properties", "deployable"],
    ["Spring profile YAML", "service/src/main/resources/application-prod.yml", "deployable"],
    [".NET appsettings", "src/Api/appsettings.Production.json", "deployable"],
    ["a style sheet", "app/assets/stylesheets/main.scss", "deployable"],
    ["a CSS module beside components", "src/components/Button.module.css", "deployable"],
    ["Django static JavaScript", "shop/static/js/cart.js", "deployable"],
    ["a Rails view", "app/views/users/show.html.erb", "deployable"],
    ["a Django template", "shop/templates/shop/cart.html", "deployable"],
    ["a Django migration", "shop/migrations/0042_order_reason.py", "deployable"],
    ["a Rails migration", "db/migrate/20261120_add_reason.rb", "deployable"],
    ["a Django locale file", "shop/locale/fr/LC_MESSAGES/django.po", "deployable"],
    ["Rails locales", "config/locales/en.yml", "deployable"],
    ["Terraform of the deployment", "infra/main.tf", "deployable"],
    ["a Dockerfile", "Dockerfile", "deployable"],
    ["a Helm chart", "charts/api/values.yaml", "deployable"],
    // Neither.
    ["the README", "README.md", "neither"],
    ["Django's tests.py module", "shop/tests.py", "neither"],
    ["a Python test module", "tests/test_pay.py", "neither"],
    ["a CI workflow", ".github/workflows/ci.yml", "neither"],
    ["a Cake build script", "build.cake", "neither"],
    ["a Cake script in C#", "build/cake.cs", "neither"],
    ["a Nuke build project", "build/Build.cs", "neither"],
    ["a Nuke build project in _build", "_build/Build.cs", "neither"],
    ["a Rust build script", "build.rs", "neither"],
    ["Terraform under examples/", "examples/complete/main.tf", "neither"],
    ["Go examples folder", "_examples/rest/main.go", "neither"],
    ["a C# sample", "sample/Sample/Program.cs", "neither"],
    ["Terraform in a test folder", "test/fixtures/main.tf", "neither"],
    ["test infrastructure", "test-infra/cluster/main.tf", "neither"],
    ["documentation templates", "docs/_theme/templates/page.html", "neither"],
    ["documentation code sample", "docs/examples/pay.py", "neither"],
    ["Sphinx configuration", "docs/conf.py", "neither"],
    ["a docs site's style sheet", "docs/.vitepress/theme/style.css", "neither"],
    ["Django manage.py", "manage.py", "neither"],
    ["a Gradle build script", "app/build.gradle.kts", "neither"],
    ["a dev script", "scripts/release.ts", "neither"],
    ["a package manifest alone", "package.json", "neither"],
  ])("%s (%s) → %s", (_situation, path, expected) => {
    expect(classify(path)).toBe(expected);
  });
});

describe("a runtime dependency change ships", () => {
  const classification = defaultConfig.pull_requests.tests;
  const bump = (path: string, dev: boolean) =>
    appliesToChange(null, classification, {
      files: known({ files: [{ filename: path, status: "modified", changes: 2 }], total: 1 }),
      manifests: known({
        manifests: [
          { path, added: [], changes: [{ name: "express", kind: "version", dev, from: "4.18.0", to: "4.19.2" }] },
        ],
        notRead: 0,
      }),
    }).applies;

  it("makes staging and rollback apply when the application's manifest moves a runtime dependency", () => {
    expect(bump("package.json", false)).toBe(true);
    expect(bump("services/api/pom.xml", false)).toBe(true);
  });

  it("not for a dev-only change, nor for a manifest of examples, docs or tests", () => {
    expect(bump("package.json", true)).toBe(false);
    expect(bump("examples/shop/package.json", false)).toBe(false);
    expect(bump("docs/package.json", false)).toBe(false);
    expect(bump("integration_test/mix.exs", false)).toBe(false);
  });

  it("not when the manifests were not compared", () => {
    const applies = appliesToChange(null, classification, {
      files: known({ files: [{ filename: "package.json", status: "modified", changes: 2 }], total: 1 }),
    }).applies;
    expect(applies).toBe(false);
  });
});
