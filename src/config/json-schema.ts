import { z } from "zod";
import { configSchema } from "./schema.js";

/** The JSON Schema of `.github/shipshape.yml`, for editors (yaml-language-server). */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }),
    title: "Shipshape configuration",
  };
}
