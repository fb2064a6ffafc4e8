import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { type ConfigProblem, locateIssues } from "./diagnostics.js";
import { configSchema, type ShipshapeConfig } from "./schema.js";

/** Config files are small; anything larger is a mistake (or an attack) and is refused before parsing. */
export const MAX_CONFIG_BYTES = 256 * 1024;
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
    return { ok: false, problems: locateIssues(result.error.issues, document, lineCounter, file, knownKeysAt) };
  }
  return { ok: true, raw: value as RawConfig };
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
