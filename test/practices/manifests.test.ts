import { describe, expect, it } from "vitest";
import { manifestParser } from "../../src/manifests/parse.js";

const namesIn = (path: string, text: string) => [...(manifestParser(path)?.(text) ?? [])].sort();

describe("dependency manifests", () => {
  it.each<[string, string, string[]]>([
    [
      "package.json",
      JSON.stringify({ scripts: { build: "tsc" }, dependencies: { zod: "^4" }, devDependencies: { vitest: "^4" } }),
      ["vitest", "zod"],
    ],
    [
      "requirements.txt",
      "# web\nDjango[argon2]>=4.2 ; python_version > '3.8'\n-r base.txt\nrequests==2.32.0  # http\n",
      ["django", "requests"],
    ],
    ["requirements-dev.txt", "pytest\n-e .\n", ["pytest"]],
    [
      "pyproject.toml",
      '[project]\ndependencies = ["httpx>=0.27", "Pydantic_Core"]\n[project.optional-dependencies]\ndocs = ["mkdocs"]\n[tool.poetry.dependencies]\npython = "^3.11"\nrich = "^13"\n',
      ["httpx", "mkdocs", "pydantic-core", "rich"],
    ],
    [
      "go.mod",
      "module example.com/api\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n\nrequire (\n\tgolang.org/x/sync v0.7.0 // indirect\n\tgithub.com/google/uuid v1.6.0\n)\n",
      // `// indirect` lines are dependencies of dependencies, not choices made in this module.
      ["github.com/go-chi/chi/v5", "github.com/google/uuid"],
    ],
    ["requirements/base.txt", "django==5.0\n-r common.txt\n", ["django"]],
    ["requirements-dev.in", "pytest\nruff  # linter\n", ["pytest", "ruff"]],
    [
      "requirements.txt",
      "git+https://github.com/acme/pay-sdk.git@v2.1\nhttps://files.example.com/acme_utils-1.4.0.tar.gz\n-e git+https://github.com/acme/tools.git#egg=acme-tools\nflask @ https://example.com/flask.zip\n",
      ["acme-tools", "acme-utils", "flask", "pay-sdk"],
    ],
    ["Cargo.toml", '[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\ntokio = "1"\n', ["tokio"]],
    [
      "pyproject.toml",
      '[project]\nname = "svc"\ndependencies = ["fastapi"]\n\n[tool.uv]\ndev-dependencies = ["mypy>=1"]\n\n[tool.pdm.dev-dependencies]\ntest = ["pytest-cov"]\n',
      ["fastapi", "mypy", "pytest-cov"],
    ],
    [
      "Cargo.toml",
      '[package]\nname = "api"\n[dependencies]\nserde = "1"\n[dev-dependencies]\ninsta = "1"\n[target.\'cfg(unix)\'.dependencies]\nnix = "0.29"\n',
      ["insta", "nix", "serde"],
    ],
    [
      "Gemfile",
      "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem(\"puma\")\n# gem 'unused'\n",
      ["puma", "rails"],
    ],
    ["services/web/package.json", JSON.stringify({ dependencies: { react: "18" } }), ["react"]],
  ])("%s", (path, text, expected) => {
    expect(namesIn(path, text)).toEqual(expected);
  });

  it("ignores files that are not manifests", () => {
    expect(manifestParser("src/package.ts")).toBeUndefined();
    expect(manifestParser("README.md")).toBeUndefined();
  });

  it("throws on a manifest it cannot parse", () => {
    expect(() => manifestParser("package.json")?.("{ not json")).toThrow();
  });
});
