import { describe, expect, it } from "vitest";
import { type Dependency, isManifest, type ParsedManifest, parseManifest } from "../../src/manifests/parse.js";

function parsed(path: string, text: string): ParsedManifest {
  const result = parseManifest(path, text);
  if (!result.ok) throw new Error(`${path} is not valid ${result.format}`);
  return result.manifest;
}

const namesIn = (path: string, text: string) =>
  [...new Set(parsed(path, text).dependencies.map((dependency) => dependency.name))].sort();

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
    expect(isManifest("src/package.ts")).toBe(false);
    expect(isManifest("README.md")).toBe(false);
  });

  it("says where a manifest cannot be parsed, never what it says", () => {
    expect(parseManifest("package.json", "{ not json")).toEqual({ ok: false, format: "JSON" });
    expect(parseManifest("Cargo.toml", "[package]\nname = = 1\n")).toEqual({ ok: false, format: "TOML", line: 2 });
  });

  it.each<[string, string, Pick<Dependency, "name" | "dev">[]]>([
    [
      "package.json",
      JSON.stringify({
        dependencies: { zod: "^4" },
        peerDependencies: { react: "18" },
        devDependencies: { vitest: "^4" },
      }),
      [
        { name: "zod", dev: false },
        { name: "react", dev: false },
        { name: "vitest", dev: true },
      ],
    ],
    ["requirements-dev.txt", "pytest\n", [{ name: "pytest", dev: true }]],
    ["requirements/test.txt", "pytest\n", [{ name: "pytest", dev: true }]],
    ["requirements.txt", "django\n", [{ name: "django", dev: false }]],
    [
      "Cargo.toml",
      '[dependencies]\nserde = "1"\n[dev-dependencies]\ninsta = "1"\n[build-dependencies]\ncc = "1"\n',
      [
        { name: "serde", dev: false },
        { name: "cc", dev: false },
        { name: "insta", dev: true },
      ],
    ],
    [
      "pyproject.toml",
      '[project]\ndependencies = ["fastapi"]\n[project.optional-dependencies]\ntest = ["pytest"]\npostgres = ["psycopg"]\n[dependency-groups]\nlint = ["ruff"]\n[tool.poetry.group.dev.dependencies]\nmypy = "^1"\n',
      [
        { name: "fastapi", dev: false },
        { name: "pytest", dev: true },
        { name: "psycopg", dev: false },
        { name: "ruff", dev: true },
        { name: "mypy", dev: true },
      ],
    ],
    [
      "Gemfile",
      "gem 'rails'\ngroup :development, :test do\n  gem 'rspec-rails'\n  [1].each do |x|\n  end\n  gem 'pry'\nend\ngem 'puma'\ngem 'rubocop', group: :development\n",
      [
        { name: "rails", dev: false },
        { name: "rspec-rails", dev: true },
        { name: "pry", dev: true },
        { name: "puma", dev: false },
        { name: "rubocop", dev: true },
      ],
    ],
  ])("tells runtime from development dependencies in %s", (path, text, expected) => {
    expect(parsed(path, text).dependencies.map(({ name, dev }) => ({ name, dev }))).toEqual(expected);
  });
});
