import { describe, expect, it } from "vitest";
import { isManifest, parseManifest } from "../../src/manifests/parse.js";

/** Dependency manifests as projects write them, one row each: the names a reviewer would list. */
const namesIn = (path: string, text: string) => {
  const parsed = parseManifest(path, text);
  if (!parsed.ok) throw new Error(`${path}: not valid ${parsed.format}`);
  return [...new Set(parsed.manifest.dependencies.map((dependency) => dependency.name))].sort();
};

describe("which files are manifests", () => {
  it.each([
    ["package.json", true],
    ["apps/web/package.json", true],
    ["requirements.txt", true],
    ["requirements-dev.txt", true],
    ["requirements_test.txt", true],
    ["Requirements.TXT", true],
    ["requirements.in", true],
    ["requirements/base.txt", true],
    ["services/api/requirements/prod.in", true],
    ["pyproject.toml", true],
    ["go.mod", true],
    ["Cargo.toml", true],
    ["crates/core/Cargo.toml", true],
    ["Gemfile", true],
    ["package-lock.json", false],
    ["go.sum", false],
    ["Cargo.lock", false],
    ["Gemfile.lock", false],
    ["requirements.md", false],
    ["docs/requirements/index.md", false],
    ["notrequirements/base.txt", false],
    ["src/package.json.ts", false],
    ["mypackage.json", false],
    ["README.md", false],
  ])("%s: %s", (path, manifest) => {
    expect(isManifest(path)).toBe(manifest);
  });
});

describe("Python", () => {
  it.each<[string, string, string, string[]]>([
    [
      "Poetry's dependency groups",
      "pyproject.toml",
      '[tool.poetry.dependencies]\npython = "^3.12"\nrequests = "^2"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n\n[tool.poetry.group.docs.dependencies]\nmkdocs-material = "^9"\n',
      ["mkdocs-material", "pytest", "requests"],
    ],
    [
      "Poetry's older dev-dependencies table",
      "pyproject.toml",
      '[tool.poetry.dependencies]\nPython = ">=3.10"\nflask = "^3"\n\n[tool.poetry.dev-dependencies]\nblack = "^24"\n',
      ["black", "flask"],
    ],
    [
      "PEP 735 dependency groups, with an included group",
      "pyproject.toml",
      '[project]\nname = "svc"\ndependencies = ["fastapi"]\n\n[dependency-groups]\ntest = ["pytest>=8", "coverage[toml]"]\nlint = ["ruff"]\ndev = [{ include-group = "test" }, "ipython"]\n',
      ["coverage", "fastapi", "ipython", "pytest", "ruff"],
    ],
    [
      "optional dependencies of a library",
      "pyproject.toml",
      '[project]\nname = "lib"\ndependencies = []\n[project.optional-dependencies]\nsocks = ["PySocks>=1.5.6"]\nbrotli = ["brotli; platform_python_implementation == \'CPython\'"]\n',
      ["brotli", "pysocks"],
    ],
    [
      "dotted names, as namespace packages have them",
      "pyproject.toml",
      '[project]\ndependencies = ["zope.interface>=6", "backports.zoneinfo; python_version<\'3.9\'", "ruamel.yaml"]\n',
      ["backports-zoneinfo", "ruamel-yaml", "zope-interface"],
    ],
    [
      "names spelled with underscores, dots and capitals, as PyPI does not tell apart",
      "requirements.txt",
      "Flask_SQLAlchemy==3.1\nzope.interface\nTyping-Extensions>=4\nsome__odd..name\n",
      ["flask-sqlalchemy", "some-odd-name", "typing-extensions", "zope-interface"],
    ],
    [
      "a pip-compile output with hashes and comments",
      "requirements.txt",
      "certifi==2024.2.2 \\\n    --hash=sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f\n    # via requests\nrequests==2.31.0\n    # via -r requirements.in\n",
      ["certifi", "requests"],
    ],
    [
      "options, constraints and an editable local package (the project's own code, not a dependency)",
      "requirements.txt",
      "--index-url https://pypi.example.com/simple\n-c constraints.txt\n-r base.txt\n-e .\n--editable ./libs/shared\nuvicorn[standard]~=0.29\n",
      ["uvicorn"],
    ],
    [
      "a comment after a URL's #egg fragment",
      "requirements.txt",
      "-e git+https://github.com/acme/tools.git@main#egg=acme_tools  # internal\n",
      ["acme-tools"],
    ],
    [
      "a direct reference by name",
      "requirements.txt",
      "pay-sdk @ git+https://github.com/acme/pay-sdk.git@v2\n",
      ["pay-sdk"],
    ],
    ["Windows line ends", "requirements.txt", "django==5.0\r\npytest\r\n", ["django", "pytest"]],
    [
      "a repository URL with a trailing slash and a hash fragment",
      "requirements.txt",
      "git+https://github.com/acme/pay_tools/\nhttps://files.example.com/pkg/Report_Lab-4.0.tar.gz#sha256=abc\n",
      ["pay-tools", "report-lab"],
    ],
    [
      "a wheel and a zip archive by URL",
      "requirements.txt",
      "https://files.example.com/acme_utils-1.4.0-py3-none-any.whl\nhttps://files.example.com/Report.Lab-4.0.zip?download=1\n",
      ["acme-utils", "report-lab"],
    ],
    [
      "uv's and PDM's development groups",
      "pyproject.toml",
      '[tool.uv]\ndev-dependencies = ["mypy>=1", "types-requests"]\n[tool.pdm.dev-dependencies]\nlint = ["flake8"]\ntest = ["pytest-cov"]\n',
      ["flake8", "mypy", "pytest-cov", "types-requests"],
    ],
    ["a pyproject without dependencies", "pyproject.toml", "[tool.ruff]\nline-length = 100\n", []],
  ])("%s", (_situation, path, text, expected) => {
    expect(namesIn(path, text)).toEqual(expected);
  });
});

describe("Rust", () => {
  it.each<[string, string, string[]]>([
    [
      "build dependencies",
      '[package]\nname = "ffi"\n[build-dependencies]\ncc = "1"\nbindgen = "0.69"\n',
      ["bindgen", "cc"],
    ],
    [
      "dependencies, dev dependencies and a platform's dependencies together",
      '[dependencies]\nserde = { version = "1", features = ["derive"] }\n[dev-dependencies]\nproptest = "1"\n[target.\'cfg(windows)\'.dependencies]\nwinapi = "0.3"\n[target.\'cfg(unix)\'.dev-dependencies]\ntempfile = "3"\n[target.\'cfg(unix)\'.build-dependencies]\npkg-config = "0.3"\n',
      ["pkg-config", "proptest", "serde", "tempfile", "winapi"],
    ],
    [
      "a workspace's shared dependencies",
      '[workspace]\nmembers = ["crates/*"]\n[workspace.dependencies]\ntokio = { version = "1" }\nanyhow = "1"\n',
      ["anyhow", "tokio"],
    ],
    ["a crate without dependencies", '[package]\nname = "empty"\nversion = "0.1.0"\n', []],
  ])("%s", (_situation, text, expected) => {
    expect(namesIn("Cargo.toml", text)).toEqual(expected);
  });
});

describe("Ruby", () => {
  it.each<[string, string, string[]]>([
    [
      "gems inside group blocks",
      "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\n\ngroup :development, :test do\n  gem 'rspec-rails'\n  gem \"factory_bot_rails\", require: false\nend\n\ngroup :production do\n\tgem 'pg'\nend\n",
      ["factory_bot_rails", "pg", "rails", "rspec-rails"],
    ],
    ["a gem written with parentheses and spaces", "gem ( 'puma' , '>= 6' )\n", ["puma"]],
    ["commented-out gems", "# gem 'unused'\n  # gem 'also-unused'\ngem 'sinatra'\n", ["sinatra"]],
    ["words that only start like gem", "gemspec\ngems = []\n", []],
  ])("%s", (_situation, text, expected) => {
    expect(namesIn("Gemfile", text)).toEqual(expected);
  });
});

describe("Go", () => {
  it.each<[string, string, string[]]>([
    [
      "single-line requires, one of them indirect",
      "module example.com/api\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\nrequire golang.org/x/sync v0.7.0 // indirect\n",
      ["github.com/go-chi/chi/v5"],
    ],
    [
      "two require blocks with comments",
      "module m\n\nrequire (\n\t// routing\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/google/uuid v1.6.0 // pinned\n)\n\nrequire (\n\tgolang.org/x/sys v0.20.0 // indirect\n)\n\nrequire github.com/stretchr/testify v1.9.0\n",
      ["github.com/go-chi/chi/v5", "github.com/google/uuid", "github.com/stretchr/testify"],
    ],
    [
      "a block whose closing parenthesis follows an indirect line",
      "module m\nrequire (\n\tgolang.org/x/sys v0.20.0 // indirect\n)\nreplace example.com/a => ../a\n",
      [],
    ],
    [
      "replace and exclude directives",
      "module m\nreplace example.com/a v1.0.0 => ../a\nexclude example.com/b v1.2.0\n",
      [],
    ],
    [
      "Windows line ends",
      "module m\r\nrequire (\r\n\tgithub.com/google/uuid v1.6.0\r\n)\r\n",
      ["github.com/google/uuid"],
    ],
  ])("%s", (_situation, text, expected) => {
    expect(namesIn("go.mod", text)).toEqual(expected);
  });
});

describe("JavaScript", () => {
  it.each<[string, object, string[]]>([
    [
      "every kind of dependency",
      {
        dependencies: { react: "18" },
        devDependencies: { vitest: "4" },
        peerDependencies: { "react-dom": "18" },
        optionalDependencies: { fsevents: "2" },
      },
      ["fsevents", "react", "react-dom", "vitest"],
    ],
    ["scoped packages", { dependencies: { "@octokit/rest": "22" } }, ["@octokit/rest"]],
    [
      "scripts, engines and overrides are not dependencies",
      { scripts: { test: "vitest" }, engines: { node: ">=20" }, overrides: { semver: "7" } },
      [],
    ],
    ["a malformed dependencies field", { dependencies: ["react"] }, []],
  ])("%s", (_situation, manifest, expected) => {
    expect(namesIn("package.json", JSON.stringify(manifest))).toEqual(expected);
  });
});

describe("manifests that cannot be read", () => {
  it.each([
    ["package.json", "{ not json"],
    ["pyproject.toml", "[project\ndependencies = ["],
    ["Cargo.toml", "[dependencies\nserde = "],
  ])("%s is refused as unparsable", (path, text) => {
    expect(parseManifest(path, text).ok).toBe(false);
  });
});
