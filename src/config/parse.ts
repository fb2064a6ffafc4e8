import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { type ConfigProblem, locateIssues } from "./diagnostics.js";
import { configSchema, type ShipshapeConfig } from "./schema.js";

/** Config files are small; anything larger is a mistake (or an attack) and is refused before parsing. */
export const MAX_CONFIG_BYTES = 64 * 1024;
/** Problems reported per file: past this many, one more line says how many were left out. */
export const MAX_REPORTED_PROBLEMS = 50;
/** YAML aliases expand; a handful is plenty for a config and caps "billion laughs" documents. */
const MAX_ALIAS_COUNT = 50;

export type RawConfig = Record<string, unknown>;

export type ParsedFile = { ok: true; raw: RawConfig } | { ok: false; problems: ConfigProblem[] };

/** Parses one config file's text and validates it on its own, so every problem points into this file. */
export function parseConfigFile(text: string, file: string): ParsedFile {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_CONFIG_BYTES) {
    return fail(file, 1, 1, `the file is ${bytes} bytes; a config file may be at most ${MAX_CONFIG_BYTES} bytes`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = document.errors[0];
  if (firstError) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    return fail(file, line, col, `invalid YAML: ${firstError.message.split("\n")[0]}`);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return fail(file, 1, 1, `invalid YAML: ${(error as Error).message}`);
  }
  if (value === null || value === undefined) return { ok: true, raw: {} };
  if (typeof value !== "object" || Array.isArray(value)) {
    return fail(file, 1, 1, "the file must be a YAML mapping of keys to values");
  }
  const result = configSchema.safeParse(value);
  if (!result.success) {
    // Located one by one (line:col, a suggestion per unknown key): bounded, so 27,000 unknown keys cost 50.
    const { issues, total } = firstIssues(result.error.issues, MAX_REPORTED_PROBLEMS);
    const problems = locateIssues(issues, document, lineCounter, file, knownKeysAt);
    if (total > MAX_REPORTED_PROBLEMS) {
      problems.push({
        file,
        line: 1,
        column: 1,
        key: "",
        message: `… and ${total - MAX_REPORTED_PROBLEMS} more problems`,
      });
    }
    return { ok: false, problems };
  }
  return { ok: true, raw: value as RawConfig };
}

/** The first `max` problems (an unknown-keys issue counts once per key), and how many there are. */
function firstIssues(all: readonly z.core.$ZodIssue[], max: number): { issues: z.core.$ZodIssue[]; total: number } {
  const issues: z.core.$ZodIssue[] = [];
  let total = 0;
  for (const issue of all) {
    const size = issue.code === "unrecognized_keys" ? issue.keys.length : 1;
    const room = max - Math.min(total, max);
    if (room > 0) {
      issues.push(issue.code === "unrecognized_keys" ? { ...issue, keys: issue.keys.slice(0, room) } : issue);
    }
    total += size;
  }
  return { issues, total };
}

/** Validates the merged result of several files (each already valid on its own). */
export function finalizeConfig(raw: RawConfig): ShipshapeConfig {
  const { _extends: _ignored, ...rest } = raw;
  return configSchema.parse(rest);
}

function fail(file: string, line: number, column: number, message: string): ParsedFile {
  return { ok: false, problems: [{ file, line, column, key: "", message }] };
}

/** The keys the schema accepts at a path, to suggest the one a typo meant. */
export function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType | undefined = configSchema;
  for (const segment of path) {
    const shape = objectShape(schema);
    schema = shape?.[String(segment)];
  }
  return Object.keys(objectShape(schema) ?? {});
}

function objectShape(schema: z.core.$ZodType | undefined): Record<string, z.core.$ZodType> | undefined {
  let current = schema;
  while (current) {
    const def = current._zod.def as {
      type: string;
      innerType?: z.core.$ZodType;
      shape?: Record<string, z.core.$ZodType>;
    };
    if (def.type === "object") return def.shape;
    current = def.innerType;
  }
  return undefined;
}
