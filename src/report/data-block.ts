/**
 * Machine-readable state kept inside an issue body, invisible when rendered: base64 JSON in an
 * HTML comment (base64, because user text could otherwise end the comment early).
 */
const PREFIX = "<!-- shipshape:data ";
const SUFFIX = " -->";

export function embedData(data: unknown): string {
  return `${PREFIX}${Buffer.from(JSON.stringify(data), "utf8").toString("base64")}${SUFFIX}`;
}

export function extractData<T>(body: string | null | undefined): T | undefined {
  if (!body) return undefined;
  const start = body.indexOf(PREFIX);
  if (start === -1) return undefined;
  const end = body.indexOf(SUFFIX, start + PREFIX.length);
  if (end === -1) return undefined;
  try {
    return JSON.parse(Buffer.from(body.slice(start + PREFIX.length, end), "base64").toString("utf8")) as T;
  } catch {
    return undefined;
  }
}

/** The hidden markers that identify Shipshape's issues. */
export const MARKERS = {
  status: "<!-- shipshape:status -->",
  rollup: "<!-- shipshape:rollup -->",
  lapse: (practice: LapsePractice) => `<!-- shipshape:lapse:${practice} -->`,
} as const;

export type LapsePractice = "sprint_review" | "dependency_patches";
