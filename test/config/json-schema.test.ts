import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../src/config/json-schema.js";

describe("the published JSON Schema", () => {
  it("matches the zod schema (run `npm run schema` after changing it)", async () => {
    const published = JSON.parse(
      await readFile(new URL("../../schema/shipshape.schema.json", import.meta.url), "utf8"),
    );
    expect(published).toEqual(configJsonSchema());
  });

  it("describes keys and rejects unknown ones, like the app does", () => {
    const schema = configJsonSchema() as {
      additionalProperties: boolean;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.pull_requests?.description).toBe("Practices checked on every pull request");
  });
});
