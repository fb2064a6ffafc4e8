import { parse as parseToml } from "smol-toml";
import { asRecord, isLetterOrDigit, isSpace, listOf, takeWhile } from "./text.js";
import type { Dependency, ParsedManifest } from "./types.js";
import { parseXml, textOf } from "./xml.js";

/**
 * Maven's pom.xml: the `<dependencies>` of the project and of its profiles, named
 * `groupId:artifactId`; `<scope>test</scope>` is dev. Annotation processors and compiler plugins a
 * build plugin puts on the compiler's path (`<annotationProcessorPaths>` of the compiler plugin or
 * of one of its executions: Lombok, MapStruct, Error Prone) are dependencies of the build: dev.
 * `<dependencyManagement>` only pins versions of dependencies declared elsewhere: it declares none.
 */
export function pomXml(text: string): ParsedManifest {
  const project = asRecord(parseXml(text).project);
  const profiles = listOf(asRecord(project.profiles).profile).map(asRecord);
  const dependencies: Dependency[] = [];
  const add = (entry: unknown, dev: boolean) => {
    const dependency = asRecord(entry);
    const group = textOf(dependency.groupId);
    const artifact = textOf(dependency.artifactId);
    if (!group || !artifact) return;
    dependencies.push({ name: `${group}:${artifact}`, version: textOf(dependency.version), dev });
  };
  for (const owner of [project, ...profiles]) {
    for (const entry of listOf(asRecord(owner.dependencies).dependency)) {
      add(entry, textOf(asRecord(entry).scope) === "test");
    }
    for (const path of annotationProcessorPaths(asRecord(owner.build))) add(path, true);
  }
  return { dependencies };
}

/** The `<path>` entries of `<annotationProcessorPaths>` in a `<build>`'s plugins and managed plugins. */
function annotationProcessorPaths(build: Record<string, unknown>): unknown[] {
  const plugins = [
    ...listOf(asRecord(build.plugins).plugin),
    ...listOf(asRecord(asRecord(build.pluginManagement).plugins).plugin),
  ].map(asRecord);
  const configurations = plugins.flatMap((plugin) => [
    plugin.configuration,
    ...listOf(asRecord(plugin.executions).execution).map((execution) => asRecord(execution).configuration),
  ]);
  return configurations.flatMap((configuration) =>
    listOf(asRecord(asRecord(configuration).annotationProcessorPaths).path),
  );
}

const isIdentifierChar = (char: string) => isLetterOrDigit(char) || char === "_" || char === "$";

/** Gradle configurations that declare dependencies (`implementation`, `testRuntimeOnly`, `kapt`, …). */
function isConfiguration(name: string): boolean {
  const suffixes = ["Implementation", "Api", "CompileOnly", "RuntimeOnly", "AnnotationProcessor", "CompileOnlyApi"];
  return (
    [
      "implementation",
      "api",
      "compileOnly",
      "runtimeOnly",
      "compileOnlyApi",
      "annotationProcessor",
      "classpath",
      "compile",
      "runtime",
      "testCompile",
      "testRuntime",
      "developmentOnly",
      "detektPlugins",
      "lintChecks",
      "coreLibraryDesugaring",
      // Error Prone's checkers and plugins (the net.ltgt.errorprone plugin's configuration).
      "errorprone",
    ].includes(name) ||
    name.startsWith("kapt") ||
    name.startsWith("ksp") ||
    suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length)
  );
}

/** Configurations that serve tests, debugging, linting or the build itself rather than what ships. */
function isDevConfiguration(name: string): boolean {
  return (
    name.startsWith("test") ||
    name.startsWith("androidTest") ||
    name.includes("Test") ||
    name.startsWith("debug") ||
    ["classpath", "developmentOnly", "detektPlugins", "lintChecks", "errorprone"].includes(name)
  );
}

/** The first string literal of a declaration's arguments, from `start`. */
function firstString(text: string, start = 0): string | undefined {
  for (let index = start; index < text.length; index++) {
    const quote = text[index];
    if (quote !== '"' && quote !== "'") continue;
    const close = text.indexOf(quote, index + 1);
    return close === -1 ? undefined : text.slice(index + 1, close);
  }
  return undefined;
}

/** The string after `key:` or `key =` in map notation (`group: 'org.x', name: 'y'`). */
function keyString(text: string, key: string): string | undefined {
  for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + 1)) {
    if (at > 0 && isIdentifierChar(text[at - 1] as string)) continue;
    let index = at + key.length;
    while (isSpace(text[index])) index++;
    if (text[index] !== ":" && text[index] !== "=") continue;
    index++;
    while (isSpace(text[index])) index++;
    if (text[index] !== '"' && text[index] !== "'") continue;
    return firstString(text, index);
  }
  return undefined;
}

/** `g:a:v[:classifier][@ext]` → `g:a` and `v`; undefined when not a module coordinate (`:core`, `libs/a.jar`). */
function coordinate(notation: string): { name: string; version: string } | undefined {
  const parts = notation.split(":");
  const [group, artifact, version] = parts;
  if (!group || !artifact || parts.length > 4) return undefined;
  if (group.includes("/") || group.includes("$") || artifact.includes("$")) return undefined;
  const at = version?.indexOf("@") ?? -1;
  return { name: `${group}:${artifact}`, version: (at === -1 ? version : version?.slice(0, at)) ?? "" };
}

/** One statement of a `dependencies { }` block. */
function declaration(statement: string): Dependency | undefined {
  const configuration = takeWhile(statement, 0, isIdentifierChar);
  if (!configuration || !isConfiguration(configuration)) return undefined;
  const dev = isDevConfiguration(configuration);
  // `(platform(libs.spring.bom))`, `enforcedPlatform("…")`, `testFixtures(…)`: the dependency inside.
  let at = configuration.length;
  for (;;) {
    while (isSpace(statement[at])) at++;
    if (statement[at] === "(") {
      at++;
      continue;
    }
    const wrapper = ["platform(", "enforcedPlatform(", "testFixtures("].find((prefix) =>
      statement.startsWith(prefix, at),
    );
    if (!wrapper) break;
    at += wrapper.length;
  }
  const rest = statement.slice(at);
  if (rest.startsWith("project(") || rest.startsWith("files(") || rest.startsWith("fileTree(")) return undefined;
  // A version catalog accessor: `libs.jackson.databind` (aliases' `-`, `_` and `.` become dots).
  // The library was chosen in the catalog (gradle/libs.versions.toml, read as a manifest of its
  // own, where it is named `group:artifact`): a module that starts to use it makes no new choice.
  if (rest.startsWith("libs.")) {
    const accessor = takeWhile(rest, 0, (char) => isIdentifierChar(char) || char === ".");
    const name = accessor.endsWith(".get") ? accessor.slice(0, -4) : accessor;
    return name.length > 5 ? { name, version: "", dev, indirect: true } : undefined;
  }
  // Kotlin DSL's `kotlin("reflect")` is `org.jetbrains.kotlin:kotlin-reflect`.
  if (rest.startsWith("kotlin(")) {
    const module = firstString(rest);
    return module ? { name: `org.jetbrains.kotlin:kotlin-${module}`, version: "", dev } : undefined;
  }
  const group = keyString(rest, "group");
  const name = keyString(rest, "name");
  if (group && name) return { name: `${group}:${name}`, version: keyString(rest, "version") ?? "", dev };
  const notation = rest.startsWith('"') || rest.startsWith("'") ? firstString(rest) : undefined;
  const parsed = notation === undefined ? undefined : coordinate(notation);
  return parsed ? { ...parsed, dev } : undefined;
}

/** Whether a block's header ends with the word `dependencies` (`dependencies`, `project.dependencies`). */
function isDependenciesBlock(header: string): boolean {
  const trimmed = header.trimEnd();
  return trimmed.endsWith("dependencies") && !isIdentifierChar(trimmed[trimmed.length - 13] ?? " ");
}

/**
 * Gradle build scripts (`build.gradle`, `build.gradle.kts`): the declarations of `dependencies { }`
 * blocks, in one pass over the text that skips comments and strings and follows braces. Not a
 * Groovy or Kotlin parser: a declaration computed by code (a loop, a variable holding the
 * notation) is not seen.
 */
export function gradleBuild(text: string): ParsedManifest {
  const dependencies: Dependency[] = [];
  /** Per open brace, whether it opened a `dependencies` block. */
  const blocks: boolean[] = [];
  let statement = "";
  let parentheses = 0;
  const end = () => {
    if (blocks.at(-1) === true) {
      const dependency = declaration(statement.trim());
      if (dependency) dependencies.push(dependency);
    }
    statement = "";
    parentheses = 0;
  };
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    const next = text[index + 1];
    if (char === "/" && next === "/") {
      const newline = text.indexOf("\n", index);
      index = newline === -1 ? text.length : newline;
    } else if (char === "/" && next === "*") {
      const close = text.indexOf("*/", index + 2);
      index = close === -1 ? text.length : close + 2;
      statement += " ";
    } else if (char === '"' || char === "'") {
      const quote = text.startsWith(char.repeat(3), index) ? char.repeat(3) : char;
      let cursor = index + quote.length;
      let stop = -1;
      while (cursor < text.length) {
        if (quote.length === 1 && text[cursor] === "\\") cursor += 2;
        else if (quote.length === 1 && text[cursor] === "\n") break;
        else if (text.startsWith(quote, cursor)) {
          stop = cursor + quote.length;
          break;
        } else cursor++;
      }
      const after = stop === -1 ? Math.min(cursor, text.length) : stop;
      statement += text.slice(index, after);
      index = after;
    } else if (char === "{") {
      if (blocks.at(-1) === true) end();
      blocks.push(isDependenciesBlock(statement));
      statement = "";
      parentheses = 0;
      index++;
    } else if (char === "}") {
      end();
      blocks.pop();
      index++;
    } else if ((char === "\n" || char === ";") && parentheses <= 0) {
      end();
      index++;
    } else if (char === "\n") {
      statement += " "; // a declaration continued inside parentheses
      index++;
    } else {
      // A run of ordinary characters at once.
      let stop = index + 1;
      while (stop < text.length && !`/"'{}\n;()`.includes(text[stop] as string)) stop++;
      if (char === "(") parentheses++;
      else if (char === ")") parentheses--;
      statement += text.slice(index, stop);
      index = stop;
    }
  }
  end();
  return { dependencies };
}

/**
 * A Gradle version catalog (`gradle/libs.versions.toml`): its `[libraries]`, named
 * `group:artifact`, with versions resolved through `[versions]` (`version.ref`). A catalog
 * declares what build scripts may use: none is dev.
 */
export function versionCatalog(text: string): ParsedManifest {
  const document = parseToml(text) as Record<string, unknown>;
  const versions = asRecord(document.versions);
  const resolve = (version: unknown): string => {
    if (typeof version === "string") return version;
    const ref = asRecord(version).ref;
    if (typeof ref === "string") return typeof versions[ref] === "string" ? (versions[ref] as string) : `ref:${ref}`;
    return version === undefined ? "" : JSON.stringify(version);
  };
  const dependencies: Dependency[] = [];
  for (const value of Object.values(asRecord(document.libraries))) {
    if (typeof value === "string") {
      const parsed = coordinate(value);
      if (parsed) dependencies.push({ ...parsed, dev: false });
      continue;
    }
    const library = asRecord(value);
    const module =
      typeof library.module === "string"
        ? library.module
        : typeof library.group === "string" && typeof library.name === "string"
          ? `${library.group}:${library.name}`
          : undefined;
    if (module && coordinate(module))
      dependencies.push({ name: module, version: resolve(library.version), dev: false });
  }
  return { dependencies };
}
