import { XMLParser, XMLValidator } from "fast-xml-parser";
import { asRecord } from "./text.js";

/** A manifest that is not well-formed, or that Shipshape refuses to read; `line` says where. */
export class ManifestSyntaxError extends Error {
  constructor(
    readonly line?: number,
    readonly problem?: "tag-too-long",
  ) {
    super(line ? `not well-formed at line ${line}` : "not well-formed");
  }
}

/**
 * The longest tag Shipshape reads. fast-xml-parser matches a tag's attributes with regular
 * expressions whose cost can grow with the square of the tag's length (one tag of 1 MB of
 * attributes took seconds); real manifests' tags are a few hundred characters at most.
 */
export const MAX_TAG_LENGTH = 4096;

/** The line of the first tag longer than MAX_TAG_LENGTH, in one pass; comments, CDATA and declarations may be long. */
function longTagLine(text: string): number | undefined {
  let line = 1;
  let index = 0;
  const skipTo = (close: string, from: number) => {
    const end = text.indexOf(close, from);
    const stop = end === -1 ? text.length : end + close.length;
    for (let cursor = index; cursor < stop; cursor++) if (text.charCodeAt(cursor) === 10) line++;
    index = stop;
  };
  while (index < text.length) {
    const open = text.indexOf("<", index);
    if (open === -1) break;
    skipTo("<", index); // count the lines before the tag
    index = open;
    if (text.startsWith("<!--", open)) skipTo("-->", open + 4);
    else if (text.startsWith("<![CDATA[", open)) skipTo("]]>", open + 9);
    else if (text.startsWith("<?", open)) skipTo("?>", open + 2);
    else if (text.startsWith("<!", open)) skipTo(">", open + 2);
    else {
      let cursor = open + 1;
      let quote: string | undefined;
      for (; cursor < text.length; cursor++) {
        const char = text[cursor];
        if (quote) {
          if (char === quote) quote = undefined;
        } else if (char === '"' || char === "'") quote = char;
        else if (char === ">") break;
        if (cursor - open > MAX_TAG_LENGTH) return line;
      }
      skipTo(">", cursor);
    }
  }
  return undefined;
}

/**
 * XML as data: attributes as `@_name`, text as strings (never numbers: `1.10` is a version, not
 * 1.1), and no entity expansion (a document type declaring entities expands nothing here).
 * fast-xml-parser is a hand-written scanner (no backtracking patterns over the document); it
 * refuses more than 100 nested tags.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
});

export function parseXml(text: string): Record<string, unknown> {
  const tooLong = longTagLine(text);
  if (tooLong !== undefined) throw new ManifestSyntaxError(tooLong, "tag-too-long");
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ManifestSyntaxError(valid.err.line);
  return asRecord(parser.parse(text));
}

/** An element's text (`<version>1.2</version>`), or an attribute's value; empty when absent. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = asRecord(value)["#text"];
  return typeof text === "string" ? text.trim() : "";
}
