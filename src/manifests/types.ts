/** One dependency a manifest declares. */
export interface Dependency {
  /** As the ecosystem compares names (Python's normalised, Maven's `groupId:artifactId`). */
  name: string;
  /** The version or requirement as written (`^4`, `==2.31.0`, `1.6.0`); empty when none is given. */
  version: string;
  /** Only needed to develop, test or build the project, not by what ships (devDependencies, test scope, …). */
  dev: boolean;
  /**
   * Not chosen in this manifest: a dependency of a dependency recorded by a lock tool (`# via
   * django` in a `pip-compile` or `uv export` file, Go's `// indirect`), or a Gradle version
   * catalog entry a build script refers to (`libs.jackson.databind`, chosen in the catalog). Its
   * version counts as a change; its appearance is no choice made here.
   */
  indirect?: true;
}

/** What a manifest declares. */
export interface ParsedManifest {
  dependencies: Dependency[];
  /**
   * Why entries that appear in this file cannot be read as added dependencies; they still count
   * for version changes. `unannotated-lock-export`: exported by a lock tool (`uv export`,
   * `pip-compile`) without `# via` annotations, so direct dependencies cannot be told from the rest.
   */
  additionsUnread?: AdditionsUnread;
}

/** Reads a manifest's text; throws (a ManifestSyntaxError or the format parser's error) when it cannot. */
export type ManifestParser = (text: string, path: string) => ParsedManifest;

/** The outcome of parsing, as it crosses a worker's boundary (an Error loses its fields there). */
export type ManifestParse =
  | { ok: true; manifest: ParsedManifest }
  | {
      ok: false;
      /** `JSON`, `TOML`, `XML` or `syntax`. */
      format: string;
      /** Where the problem is, when the parser said; never the parser's quote of the file. */
      line?: number;
      /** `tag-too-long`: well-formed or not, an XML tag longer than Shipshape reads (see MAX_TAG_LENGTH). */
      problem?: "tag-too-long";
    };

/** Why a manifest's new entries were not read as added dependencies (see ParsedManifest.additionsUnread). */
export type AdditionsUnread = "unannotated-lock-export";
