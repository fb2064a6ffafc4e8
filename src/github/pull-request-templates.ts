import type { FactCache } from "./fact-cache.js";
import { type CachedGet, httpStatus, type Octokit, type RepoRef, readRepositoryFile } from "./octokit.js";

/**
 * Where GitHub looks for a repository's pull-request template ("Creating a pull request template
 * for your repository"): `pull_request_template.md` in the root, `docs/` or `.github/` (any
 * case), or several templates in a `PULL_REQUEST_TEMPLATE/` folder there.
 */
const TEMPLATE_FOLDERS = [".github", "", "docs"] as const;
const TEMPLATE_FILE = /^pull_request_template(?:\.md|\.markdown|\.txt)?$/i;
const TEMPLATE_DIRECTORY = /^pull_request_template$/i;
/** Templates read from a folder of several, at most. */
const MAX_TEMPLATES = 3;

interface DirectoryEntry {
  name: string;
  path: string;
  type: string;
  size?: number;
}

/**
 * The repository's pull-request templates, as text. Read once per repository every few minutes
 * (see FactCache), with conditional requests: the `.github` folder's listing finds most of them
 * in one request. A template that cannot be read is no template: it only sharpens the judgement.
 */
export async function readPullRequestTemplates(
  octokit: Octokit,
  repo: RepoRef,
  reader: CachedGet,
  cache: FactCache,
): Promise<string[]> {
  const cached = await cache.templates(repo);
  if (cached) return cached;
  let templates: string[] = [];
  try {
    templates = await findTemplates(octokit, repo, reader);
  } catch {
    templates = [];
  }
  cache.rememberTemplates(repo, templates);
  return templates;
}

async function findTemplates(octokit: Octokit, repo: RepoRef, reader: CachedGet): Promise<string[]> {
  for (const folder of TEMPLATE_FOLDERS) {
    const entries = await listFolder(octokit, repo, folder, reader);
    const file = entries.find((entry) => entry.type === "file" && TEMPLATE_FILE.test(entry.name));
    if (file) {
      const text = await readRepositoryFile(octokit, { ...repo, path: file.path }, reader);
      return text === null ? [] : [text];
    }
    const directory = entries.find((entry) => entry.type === "dir" && TEMPLATE_DIRECTORY.test(entry.name));
    if (directory) {
      const files = (await listFolder(octokit, repo, directory.path, reader))
        .filter((entry) => entry.type === "file" && /\.(?:md|markdown|txt)$/i.test(entry.name))
        .slice(0, MAX_TEMPLATES);
      const texts = await Promise.all(
        files.map((entry) => readRepositoryFile(octokit, { ...repo, path: entry.path }, reader)),
      );
      return texts.filter((text): text is string => text !== null);
    }
    // The root is listed only when `.github` has no template; `docs` only when the root has that folder.
    if (folder === "" && !entries.some((entry) => entry.type === "dir" && entry.name === "docs")) return [];
  }
  return [];
}

async function listFolder(octokit: Octokit, repo: RepoRef, path: string, reader: CachedGet): Promise<DirectoryEntry[]> {
  try {
    const data = await reader.get<unknown>(octokit, "GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path });
    return Array.isArray(data) ? (data as DirectoryEntry[]) : [];
  } catch (error) {
    if (httpStatus(error) === 404) return [];
    throw error;
  }
}
