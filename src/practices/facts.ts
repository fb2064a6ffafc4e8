import type { AdditionsUnread, DependencyChange } from "../manifests/parse.js";
import { type Message, say } from "./message.js";
import type { Fact } from "./types.js";

/** GitHub's file statuses for a pull request's changed files. */
export type FileStatus = "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";

export interface ChangedFile {
  filename: string;
  status: FileStatus;
  previousFilename?: string;
  /** Lines added plus removed; 0 for a rename without content changes. */
  changes: number;
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
