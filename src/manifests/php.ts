import { asRecord, versionOf } from "./text.js";
import type { Dependency, ParsedManifest } from "./types.js";

/** Composer's platform packages: the PHP runtime and its extensions and libraries, not packages anyone chose from Packagist. */
function isPlatformPackage(name: string): boolean {
  return (
    name === "php" ||
    name.startsWith("php-") ||
    name.startsWith("ext-") ||
    name.startsWith("lib-") ||
    name === "hhvm" ||
    name === "composer" ||
    name.startsWith("composer-")
  );
}

/** composer.json: `require` (runtime) and `require-dev` (dev), platform packages aside. Names are case-insensitive. */
export function composerJson(text: string): ParsedManifest {
  const manifest = asRecord(JSON.parse(text));
  const dependencies: Dependency[] = [];
  for (const [section, dev] of [
    ["require", false],
    ["require-dev", true],
  ] as const) {
    for (const [raw, version] of Object.entries(asRecord(manifest[section]))) {
      const name = raw.toLowerCase();
      if (!isPlatformPackage(name)) dependencies.push({ name, version: versionOf(version), dev });
    }
  }
  return { dependencies };
}
