import { parse as parseToml } from "smol-toml";

/**
 * Dependency names declared by a manifest. Only names matter: a version change is not a new
 * dependency. Throws when the file cannot be parsed.
 */
export type ManifestParser = (text: string) => Set<string>;

const parsers: { matches: (basename: string, folder: string) => boolean; parse: ManifestParser }[] = [
  { matches: (name) => name === "package.json", parse: packageJson },
  // pip: requirements.txt, requirements-dev.txt, pip-tools' requirements.in, and a requirements/ folder.
  {
    matches: (name, folder) =>
      /^requirements.*\.(?:txt|in)$/i.test(name) ||
      (/(?:^|\/)requirements$/i.test(folder) && /\.(?:txt|in)$/i.test(name)),
    parse: requirementsTxt,
  },
  { matches: (name) => name === "pyproject.toml", parse: pyprojectToml },
  { matches: (name) => name === "go.mod", parse: goMod },
  { matches: (name) => name === "Cargo.toml", parse: cargoToml },
  { matches: (name) => name === "Gemfile", parse: gemfile },
];

/** The parser for a path, or undefined when the file is not a dependency manifest. */
export function manifestParser(path: string): ManifestParser | undefined {
  const slash = path.lastIndexOf("/");
  const basename = path.slice(slash + 1);
  const folder = slash === -1 ? "" : path.slice(0, slash);
  return parsers.find((parser) => parser.matches(basename, folder))?.parse;
}

function packageJson(text: string): Set<string> {
  const manifest = JSON.parse(text) as Record<string, unknown>;
  const sections = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];
  return new Set(sections.flatMap((section) => keysOf(manifest[section])));
}

function requirementsTxt(text: string): Set<string> {
  const names = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    // `#egg=name` is part of a URL, not a comment: take the name before dropping comments.
    const egg = /#egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(raw)?.[1];
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) continue;
    const editable = /^(?:-e|--editable)\s+(\S+)/.exec(line)?.[1];
    if (line.startsWith("-") && !editable) continue; // options such as -r other.txt, -c, --index-url
    const requirement = editable ?? line;
    const name = egg
      ? normalizePythonName(egg)
      : isUrl(requirement)
        ? urlRequirementName(requirement)
        : pep508Name(requirement);
    if (name) names.add(name);
  }
  return names;
}

function isUrl(requirement: string): boolean {
  return /^(?:git\+|hg\+|svn\+|bzr\+)?(?:https?|ssh|file):\/\//i.test(requirement) || requirement.startsWith(".");
}

/**
 * The name of a requirement given as a URL or path: the repository (`git+https://…/acme/pay-sdk.git@v2`
 * → `pay-sdk`) or the archive's distribution (`…/requests-2.31.0.tar.gz` → `requests`).
 */
function urlRequirementName(url: string): string | undefined {
  const path = url.replace(/[?#].*$/, "").replace(/@[^/]*$/, "");
  const last = path.replace(/\/+$/, "").split("/").pop() ?? "";
  const name = last
    .replace(/\.git$/, "")
    .replace(/\.(?:tar\.gz|tgz|zip|whl)$/, "")
    .replace(/-\d[\w.+!-]*$/, "");
  return name && name !== "." ? normalizePythonName(name) : undefined;
}

function pyprojectToml(text: string): Set<string> {
  const document = parseToml(text) as Record<string, unknown>;
  const names = new Set<string>();
  const add = (name: string | undefined) => name && names.add(name);
  const project = asRecord(document.project);
  for (const requirement of stringsOf(project.dependencies)) add(pep508Name(requirement));
  for (const group of Object.values(asRecord(project["optional-dependencies"]))) {
    for (const requirement of stringsOf(group)) add(pep508Name(requirement));
  }
  for (const group of Object.values(asRecord(document["dependency-groups"]))) {
    for (const requirement of stringsOf(group)) add(pep508Name(requirement));
  }
  const tool = asRecord(document.tool);
  // uv's `[tool.uv] dev-dependencies` and PDM's `[tool.pdm.dev-dependencies]` groups.
  for (const requirement of stringsOf(asRecord(tool.uv)["dev-dependencies"])) add(pep508Name(requirement));
  for (const group of Object.values(asRecord(asRecord(tool.pdm)["dev-dependencies"]))) {
    for (const requirement of stringsOf(group)) add(pep508Name(requirement));
  }
  const poetry = asRecord(asRecord(document.tool).poetry);
  const poetryTables = [poetry.dependencies, poetry["dev-dependencies"]];
  for (const group of Object.values(asRecord(poetry.group))) poetryTables.push(asRecord(group).dependencies);
  for (const table of poetryTables) {
    for (const name of keysOf(table)) if (name.toLowerCase() !== "python") add(normalizePythonName(name));
  }
  return names;
}

function goMod(text: string): Set<string> {
  const names = new Set<string>();
  let inRequireBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    // `// indirect` marks a dependency of a dependency, recorded by `go mod tidy`: not a choice made here.
    if (/\/\/\s*indirect\b/.test(raw)) {
      if (inRequireBlock && raw.trim() === ")") inRequireBlock = false;
      continue;
    }
    const line = raw.replace(/\/\/.*$/, "").trim();
    if (inRequireBlock) {
      if (line === ")") inRequireBlock = false;
      else if (line) names.add(line.split(/\s+/)[0] as string);
      continue;
    }
    if (/^require\s*\($/.test(line)) inRequireBlock = true;
    const single = /^require\s+(\S+)\s+\S+/.exec(line);
    if (single?.[1]) names.add(single[1]);
  }
  return names;
}

function cargoToml(text: string): Set<string> {
  const document = parseToml(text) as Record<string, unknown>;
  // `[workspace.dependencies]` of a Cargo workspace declares what its members may inherit.
  const tables = [document, asRecord(document.workspace)];
  for (const target of Object.values(asRecord(document.target))) tables.push(asRecord(target));
  const sections = ["dependencies", "dev-dependencies", "build-dependencies"];
  return new Set(tables.flatMap((table) => sections.flatMap((section) => keysOf(table[section]))));
}

function gemfile(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/^\s*gem\s*\(?\s*["']([^"']+)["']/gm)) names.add(match[1] as string);
  return names;
}

/** The distribution name of a PEP 508 requirement (`Django[argon2]>=4 ; python_version>"3"` → `django`). */
function pep508Name(requirement: string): string | undefined {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement.trim());
  return match?.[1] ? normalizePythonName(match[1]) : undefined;
}

function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function keysOf(value: unknown): string[] {
  return Object.keys(asRecord(value));
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
