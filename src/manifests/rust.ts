import { parse as parseToml } from "smol-toml";
import { asRecord, versionOf } from "./text.js";
import type { Dependency, ParsedManifest } from "./types.js";

/**
 * Cargo.toml: the package's, its targets' and the workspace's dependency tables (`[workspace.dependencies]`
 * declares what members may inherit). Dev-dependencies are dev; build-dependencies build what ships.
 */
export function cargoToml(text: string): ParsedManifest {
  const document = parseToml(text) as Record<string, unknown>;
  const tables = [document, asRecord(document.workspace)];
  for (const target of Object.values(asRecord(document.target))) tables.push(asRecord(target));
  const sections: [string, boolean][] = [
    ["dependencies", false],
    ["build-dependencies", false],
    ["dev-dependencies", true],
  ];
  const dependencies: Dependency[] = tables.flatMap((table) =>
    sections.flatMap(([section, dev]) =>
      Object.entries(asRecord(table[section])).map(([name, value]) => ({ name, version: versionOf(value), dev })),
    ),
  );
  return { dependencies };
}
