import type { PatchReading } from "../diff/read-patch.js";
import type { AdditionsUnread, DependencyChange } from "../manifests/parse.js";
import { count, type Message, say } from "./message.js";
import type { Fact } from "./types.js";

/** GitHub's file statuses for a pull request's changed files. */
export type FileStatus = "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";

export interface ChangedFile {
  filename: string;
  status: FileStatus;
  previousFilename?: string;
  /** Lines added plus removed; 0 for a rename without content changes. */
  changes: number;
  /** GitHub's unified diff of the file; absent for binary files and diffs too large to show. */
  patch?: string;
  /** The patch was left unread because the pull request's patches exceed what Shipshape reads. */
  patchTooLarge?: boolean;
  /** What the patch says (comment-only change, tests inside), read in the evaluation worker. */
  reading?: PatchReading;
  /**
   * For a lock file changed alone, the texts read at the head that tell which of its packages are
   * dev-only, in the order of lockContextPaths; dropped once read.
   */
  lockContext?: string[];
  /**
   * Read from a lock file's patch (in the evaluation worker): every change moves a package only
   * development needs (see lockChangesOnlyDevPackages).
   */
  devPackagesOnly?: boolean;
}

export interface ChangedFiles {
  files: ChangedFile[];
  /** How many files the pull request changes; more than `files.length` when GitHub's cap hid some. */
  total: number;
  /** Whether the list reached GitHub's cap of 3,000 files (so more may exist even if `total` says not). */
  capped?: boolean;
}

export interface DeploymentState {
  environment: string;
  /** The latest deployment status (`success`, `failure`, `in_progress`, …); null when it has none. */
  state: string | null;
}

export interface CommitCheck {
  name: string;
  kind: "check run" | "commit status";
  /** `success`, `failure`, `pending`, … (a check run's conclusion, or its status while running). */
  state: string;
}

export interface ManifestChange {
  path: string;
  /** Dependencies declared directly at the head and not at the base: choices made in the pull request. */
  added: string[];
  /**
   * Every dependency added, removed or whose version changed, each runtime or dev (`dev: true`):
   * a runtime version bump ships, a dev-only one does not. Version bumps need no justification.
   */
  changes?: DependencyChange[];
  /** How many more changes there were than `changes` lists (see MAX_CHANGES_LISTED). */
  changesNotListed?: number;
  /** Why entries new at the head were not read as added (a lock export that does not tell them apart). */
  additionsUnread?: AdditionsUnread;
}

/** The changed manifests, and how many more changed than were read (GitHub reads are bounded). */
export interface ManifestChanges {
  manifests: ManifestChange[];
  /** Changed manifests beyond the read cap, not inspected. */
  notRead: number;
}

/** Everything the pull-request practices decide on. Facts are only gathered when a practice needs them. */
export interface PullRequestFacts {
  title: string;
  body: string;
  headRef: string;
  headSha: string;
  files?: Fact<ChangedFiles>;
  deployments?: Fact<DeploymentState[]>;
  checks?: Fact<CommitCheck[]>;
  manifests?: Fact<ManifestChanges>;
  /** The repository's pull-request templates (their text is not the author's); empty when none. */
  templates?: string[];
  /** Added decision records' texts by path, for the dependencies they name. */
  decisionRecords?: Record<string, string>;
  /**
   * Whether the repository has ever had a deployment on GitHub; when it has none (a library, a
   * tool), staging and rollback do not apply unless their `paths` force them. Read only then.
   */
  repositoryDeploys?: Fact<boolean>;
}

/** Files whose content really changed: deletions and pure renames are not changes. */
export function changedContent(files: readonly ChangedFile[]): ChangedFile[] {
  return files.filter((file) => file.status !== "removed" && !(file.status === "renamed" && file.changes === 0));
}

/** A note for summaries when GitHub listed fewer files than the pull request changes. */
export function visibilityNote(changed: ChangedFiles): Message {
  if (changed.files.length >= changed.total) {
    return changed.capped ? [" GitHub lists at most 3,000 changed files; decided on those."] : [];
  }
  return say` Only ${changed.files.length} of ${changed.total} changed files were visible (GitHub lists at most 3,000); decided on those.`;
}

/** Read from its patch: the file changed only comments, docstrings or whitespace. */
export function behaviourNeutral(file: ChangedFile): boolean {
  return file.reading?.read === true && file.reading.behaviourNeutral;
}

/** Read from its patch: the file adds or changes tests written inside it. */
export function changesTestsInside(file: ChangedFile): boolean {
  return file.reading?.read === true && file.reading.testsInside;
}

/** Read from its patch: the file only deletes lines of code (and so brings nothing new to test). */
export function onlyRemovesCode(file: ChangedFile): boolean {
  return file.reading?.read === true && file.reading.onlyRemovesCode;
}

/** Read from its patch: the file only changes literal values (entries of a data table, a text). */
export function onlyChangesData(file: ChangedFile): boolean {
  return file.reading?.read === true && file.reading.onlyChangesData;
}

/**
 * What a summary says about patches: files that changed only in comments (left out), files that
 * only delete code or only change literal values (when the verdict left them out), and files
 * judged by their names alone because their patch could not be read. Empty when none.
 */
export function patchNote(
  neutral: readonly ChangedFile[],
  judgedByName: readonly ChangedFile[],
  removals: readonly ChangedFile[] = [],
  data: readonly ChangedFile[] = [],
): Message {
  const parts: string[] = [];
  if (neutral.length > 0) {
    parts.push(` ${count(neutral.length, "file")} changed only in comments, docstrings or whitespace.`);
  }
  if (removals.length > 0) {
    parts.push(` ${count(removals.length, "file")} only ${removals.length === 1 ? "deletes" : "delete"} code.`);
  }
  if (data.length > 0) {
    const one = data.length === 1;
    parts.push(
      ` ${count(data.length, "file")} only ${one ? "changes" : "change"} literal values (data entries, text).`,
    );
  }
  if (judgedByName.length > 0) {
    const reasons = new Set(judgedByName.map((file) => (file.reading?.read === false ? file.reading.reason : "")));
    const why = [
      ...(reasons.has("no-patch") ? ["GitHub gave no patch (binary or too large)"] : []),
      ...(reasons.has("too-large") ? ["its patch is larger than Shipshape reads"] : []),
      ...(reasons.has("no-grammar") ? ["Shipshape has no grammar for its language"] : []),
      ...(reasons.has("too-slow") ? ["reading the patches took longer than Shipshape allows"] : []),
    ];
    parts.push(` ${count(judgedByName.length, "file")} judged by name only: ${why.join("; ")}.`);
  }
  return parts;
}

/** Files whose patch could not be read (their name decides, as without a patch). */
export function judgedByName(files: readonly ChangedFile[]): ChangedFile[] {
  return files.filter((file) => file.reading?.read === false);
}
