import { LRUCache } from "lru-cache";
import type { ConfigProblem } from "../config/diagnostics.js";
import { mergeLayers } from "../config/merge.js";
import { finalizeConfig, MAX_CONFIG_BYTES, type ParsedFile, parseConfigFile, type RawConfig } from "../config/parse.js";
import type { ShipshapeConfig } from "../config/schema.js";
import {
  type CachedGet,
  FileTooLargeError,
  NotAFileError,
  type Octokit,
  type RepoRef,
  readRepositoryFile,
} from "./octokit.js";

export const CONFIG_PATH = ".github/shipshape.yml";
/** The organisation-wide defaults live in this repository, as with every Probot app. */
export const ORG_CONFIG_REPO = ".github";
/** How many `_extends` hops are followed before the chain counts as a loop. */
export const MAX_EXTENDS_DEPTH = 5;

export type LoadedConfig =
  | { kind: "absent" }
  | { kind: "invalid"; problems: ConfigProblem[] }
  | { kind: "valid"; config: ShipshapeConfig; files: string[] };

interface ConfigLocation extends RepoRef {
  path: string;
}

// The same form Probot's context.config accepts: `repo`, `owner/repo`, optionally `:path.yml`.
/**
 * `repo`, `owner/repo` or `owner/repo:.github/name.yml`. `_extends` stays in its lane: only
 * `.github/*.yml` files, of repositories of the same owner (so of the same installation), and no
 * `.` or `..` that would move the request elsewhere.
 */
const EXTENDS_PATTERN =
  /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?((?!\.\.?(?::|$))[-_.\w]{1,100})(?::(\.github\/[-_\w][-_.\w]*\.ya?ml))?$/i;

/**
 * How the files are read: the repository's own through `reader`, the organisation's defaults (the
 * files of its `.github` repository, the fallback config and `_extends` bases there) through
 * `defaults`, which a sweep shares among the repositories of an installation so that they are
 * read once per sweep, not once per repository. Either one defaults to the other.
 */
export interface ConfigReaders {
  reader?: CachedGet;
  defaults?: CachedGet;
}

/**
 * Loads `.github/shipshape.yml` from the repository's default branch, falling back to the
 * organisation's `.github` repository, and follows `_extends`: the semantics of Probot's
 * `context.config`, but keeping each file's text so that problems point at `line:col`.
 */
export async function loadConfig(
  octokit: Octokit,
  target: RepoRef,
  readers?: CachedGet | ConfigReaders,
): Promise<LoadedConfig> {
  const given: ConfigReaders = readers && "get" in readers ? { reader: readers } : (readers ?? {});
  const read = (location: ConfigLocation) => {
    const defaults = location.repo === ORG_CONFIG_REPO && location.owner.toLowerCase() === target.owner.toLowerCase();
    const reader = defaults && location.repo !== target.repo ? (given.defaults ?? given.reader) : given.reader;
    return readRepositoryFile(octokit, location, reader);
  };
  try {
    return await loadLayers(target, read);
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      const message = `the file is larger than 1 MB; a config file may be at most ${MAX_CONFIG_BYTES / 1024} KB`;
      return { kind: "invalid", problems: [{ file: error.location, line: 1, column: 1, key: "", message }] };
    }
    if (!(error instanceof NotAFileError)) throw error;
    return {
      kind: "invalid",
      problems: [{ file: error.location, line: 1, column: 1, key: "", message: error.message }],
    };
  }
}

type ReadFile = (location: ConfigLocation) => Promise<string | null>;

async function loadLayers(target: RepoRef, read: ReadFile): Promise<LoadedConfig> {
  const first = await findFirstConfig(target, read);
  if (!first) return { kind: "absent" };

  const layers: RawConfig[] = [];
  const files: string[] = [];
  const texts: string[] = [];
  let location: ConfigLocation = first.location;
  let text: string = first.text;
  for (let depth = 0; ; depth++) {
    const label = describeLocation(location, target);
    const parsed = parsedConfigFiles.get(`${label}\n${text}`) ?? remember(label, text);
    if (!parsed.ok) {
      // Another repository's file may be private: name it, but never list its keys or lines here.
      const ownFile = location.owner === target.owner && location.repo === target.repo;
      if (!ownFile) {
        const count = parsed.problems.length;
        return invalid(
          label,
          "_extends",
          `${label} has ${count} problem${count === 1 ? "" : "s"}; fix it in that repository`,
        );
      }
      return { kind: "invalid", problems: parsed.problems };
    }
    layers.push(parsed.raw);
    files.push(label);
    texts.push(`${label}\n${text}`);

    const extendsValue = parsed.raw._extends;
    if (extendsValue === undefined) break;
    const problem = (message: string) => invalid(label, "_extends", message);
    if (typeof extendsValue !== "string") return problem("must be a string such as `owner/repo`");
    const match = EXTENDS_PATTERN.exec(extendsValue);
    if (!match?.[2])
      return problem(
        `"${extendsValue}" is not of the form repo, owner/repo or owner/repo:.github/name.yml (only .github/*.yml files can be extended)`,
      );
    if (match[1] && match[1].toLowerCase() !== target.owner.toLowerCase())
      return problem(`"${extendsValue}" is another owner's file: only repositories of ${target.owner} can be extended`);
    if (depth + 1 >= MAX_EXTENDS_DEPTH)
      return problem(`more than ${MAX_EXTENDS_DEPTH} files are chained with _extends`);
    const next: ConfigLocation = { owner: match[1] ?? location.owner, repo: match[2], path: match[3] ?? CONFIG_PATH };
    if (files.includes(describeLocation(next, target))) {
      return problem(`"${extendsValue}" was already loaded: the _extends chain loops`);
    }
    const nextText = await read(next);
    if (nextText === null) return problem(`"${extendsValue}" was not found (${next.owner}/${next.repo}:${next.path})`);
    location = next;
    text = nextText;
  }
  return { kind: "valid", config: finalConfig(layers, texts), files };
}

async function findFirstConfig(
  target: RepoRef,
  read: ReadFile,
): Promise<{ location: ConfigLocation; text: string } | null> {
  const own: ConfigLocation = { ...target, path: CONFIG_PATH };
  const ownText = await read(own);
  if (ownText !== null) return { location: own, text: ownText };
  if (target.repo === ORG_CONFIG_REPO) return null;
  const org: ConfigLocation = { owner: target.owner, repo: ORG_CONFIG_REPO, path: CONFIG_PATH };
  const orgText = await read(org);
  return orgText === null ? null : { location: org, text: orgText };
}

/**
 * Parsing and validating YAML costs more CPU than the rest of an evaluation, and a config changes
 * rarely: results are kept by file and text (pure, so sharing them is safe).
 */
const parsedConfigFiles = new LRUCache<string, ParsedFile>({ max: 500 });

const finalConfigs = new LRUCache<string, ShipshapeConfig>({ max: 500 });

/** The merged, validated config of a chain of files, kept by the files' texts (never mutated). */
function finalConfig(layers: readonly RawConfig[], texts: readonly string[]): ShipshapeConfig {
  const key = texts.join("\n\0\n");
  let config = finalConfigs.get(key);
  if (!config) {
    config = finalizeConfig(mergeLayers(layers));
    finalConfigs.set(key, config);
  }
  return config;
}

function remember(label: string, text: string): ParsedFile {
  const parsed = parseConfigFile(text, label);
  parsedConfigFiles.set(`${label}\n${text}`, parsed);
  return parsed;
}

function describeLocation(location: ConfigLocation, target: RepoRef): string {
  const sameRepo = location.owner === target.owner && location.repo === target.repo;
  return sameRepo ? location.path : `${location.owner}/${location.repo}:${location.path}`;
}

function invalid(file: string, key: string, message: string): LoadedConfig {
  // `_extends` problems are reported at the top of the file; the key names the line to look for.
  return { kind: "invalid", problems: [{ file, line: 1, column: 1, key, message }] };
}
