import type { RawConfig } from "./parse.js";

/**
 * Merges config layers, most specific first. Mappings merge key by key; lists and scalars of a
 * more specific layer replace the inherited ones (so `environments: [qa]` means exactly `[qa]`).
 */
export function mergeLayers(layers: readonly RawConfig[]): RawConfig {
  return layers.reduceRight<RawConfig>((inherited, layer) => mergeTwo(inherited, layer), {});
}

function mergeTwo(base: RawConfig, override: RawConfig): RawConfig {
  const result: RawConfig = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const inherited = result[key];
    result[key] = isPlainObject(inherited) && isPlainObject(value) ? mergeTwo(inherited, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is RawConfig {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
