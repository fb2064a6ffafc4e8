import { asRecord, versionOf } from "./text.js";
import type { Dependency, ParsedManifest } from "./types.js";

/** package.json: `devDependencies` are dev; peer and optional dependencies ship with the package. */
export function packageJson(text: string): ParsedManifest {
  const manifest = asRecord(JSON.parse(text));
  const sections: [string, boolean][] = [
    ["dependencies", false],
    ["peerDependencies", false],
    ["optionalDependencies", false],
    ["devDependencies", true],
  ];
  const dependencies: Dependency[] = sections.flatMap(([section, dev]) =>
    Object.entries(asRecord(manifest[section])).map(([name, version]) => ({ name, version: versionOf(version), dev })),
  );
  return { dependencies };
}
