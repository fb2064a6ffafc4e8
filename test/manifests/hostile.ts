import type { Dependency } from "../../src/manifests/parse.js";

/** The read cap (MAX_FILE_BYTES): the largest manifest an author can make Shipshape parse. */
const CAP = 1024 * 1024;
const fill = (prefix: string, unit: string, suffix: string) =>
  prefix + unit.repeat(Math.floor((CAP - prefix.length - suffix.length) / unit.length)) + suffix;

/**
 * Manifests shaped to make backtracking regular expressions take quadratic time (issue 19: 60 KB
 * stalled the app 3 s, 160 KB 18 s), at the read cap, with what a linear parser reads from them.
 */
export const HOSTILE_MANIFESTS: { label: string; path: string; text: string; names: string[] | "invalid" }[] = [
  { label: "a local path of `-1` runs", path: "requirements.txt", text: fill("./", "-1", "~"), names: [] },
  {
    label: "a URL of `-1` runs",
    path: "requirements.txt",
    text: fill("https://example.com/x", "-1", ".tar.gz"),
    names: ["x"],
  },
  { label: "a URL of `@` runs", path: "requirements.txt", text: fill("https://example.com/", "@", "/~"), names: [] },
  { label: "a URL of slashes", path: "requirements.txt", text: fill("https://example.com/y", "/", ""), names: ["y"] },
  { label: "`#` runs", path: "requirements.txt", text: fill("django ", " #", "x"), names: ["django"] },
  {
    label: "an editable flag of spaces",
    path: "requirements.txt",
    text: fill("-e", " ", "git+https://example.com/r.git#egg=x"),
    names: ["x"],
  },
  { label: "newlines then x", path: "Gemfile", text: fill("", "\n", "x"), names: [] },
  { label: "spaces then an unclosed gem", path: "Gemfile", text: fill("gem '", " ", ""), names: [] },
  {
    label: "blank lines between gems",
    path: "Gemfile",
    text: fill("gem 'rails'", "\n \t", 'gem("puma")'),
    names: ["puma", "rails"],
  },
  { label: "a comment of spaces", path: "go.mod", text: fill("require a v1 //", " ", "x"), names: ["a"] },
  { label: "require and spaces", path: "go.mod", text: fill("require", " ", "x"), names: [] },
  {
    label: "unclosed parentheses",
    path: "build.gradle",
    text: fill("dependencies {\n", "implementation(", "}"),
    names: [],
  },
  {
    label: "declarations of `platform(` wrappers",
    path: "build.gradle.kts",
    text: fill("dependencies {\nimplementation(", "platform(", '"a:b:1")\n}'),
    names: ["a:b"],
  },
  { label: "comment openers", path: "build.gradle", text: fill("dependencies {\n", "/*", ""), names: [] },
  { label: "unclosed strings", path: "build.gradle", text: fill("dependencies {\n", "api '\n", "}"), names: [] },
  {
    label: "map keys without values",
    path: "build.gradle",
    text: fill("dependencies {\napi ", "group:", "}"),
    names: [],
  },
  { label: "nested blocks", path: "build.gradle", text: fill("dependencies {\n", "x {", ""), names: [] },
  { label: "nested elements", path: "pom.xml", text: fill("<project>", "<a>", ""), names: "invalid" },
  { label: "nested tuples", path: "mix.exs", text: fill("defp deps do\n[", "{", ""), names: [] },
  { label: "unclosed strings", path: "mix.exs", text: fill('defp deps do\n[{:a, "1"},\n', '{:b, "', "]"), names: [] },
  {
    label: "comments between dependencies",
    path: "mix.exs",
    text: fill('defp deps do\n[{:plug, "~> 1.0"},\n', "# {:x}\n", "]\nend"),
    names: ["plug"],
  },
  {
    label: "attributes of one element",
    path: "App.csproj",
    text: fill('<Project><ItemGroup><PackageReference Include="A" ', 'x="1" ', "/></ItemGroup></Project>"),
    names: "invalid",
  },
  { label: "an unclosed comment", path: "packages.config", text: fill("<packages><!--", "-", ""), names: "invalid" },
  { label: "nested objects", path: "composer.json", text: fill("", '{"a":', ""), names: "invalid" },
  { label: "nested arrays", path: "pyproject.toml", text: fill("a = ", "[", ""), names: "invalid" },
  { label: "nested arrays", path: "package.json", text: fill("", "[", ""), names: "invalid" },
];

export const namesOf = (dependencies: Dependency[]) =>
  [...new Set(dependencies.map((dependency) => dependency.name))].sort();
