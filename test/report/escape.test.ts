import { describe, expect, it } from "vitest";
import { embedData, extractData } from "../../src/report/data-block.js";
import { escapeText, inlineCode, tableCell, truncate, truncateBytes } from "../../src/report/escape.js";

describe("escaping user text", () => {
  it.each([
    ["a mention", "@octocat please look", "@\u200boctocat please look"],
    ["a team mention", "@acme/admins", "@\u200bacme/admins"],
    ["HTML", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    ["markdown emphasis and links", "*bold* [link](http://x)", "\\*bold\\* \\[link\\](http://x)"],
    ["an image beacon", "![x](https://x.test/p.png)", "\\!\\[x\\](https://x.test/p.png)"],
    ["a list opener", "- item", "\\- item"],
    ["a numbered-list opener", "12. item", "12\\. item"],
    ["a quote opener", "> quoted", "&gt; quoted"],
    [
      "parentheses and dots",
      "reading files failed (GitHub answered 502).",
      "reading files failed (GitHub answered 502).",
    ],
    ["an issue reference", "fixes #12", "fixes \\#12"],
    ["a table breaker", "a | b", "a \\| b"],
    ["newlines", "one\ntwo", "one two"],
  ])("escapes %s in prose", (_name, input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it("keeps names readable in code spans, without backticks, tags or pings", () => {
    expect(inlineCode("src/`x`<b>@me.ts")).toBe("`src/'x'‹b›@\u200bme.ts`");
    expect(inlineCode("")).toBe("` `");
    expect(inlineCode("x".repeat(300))).toHaveLength(202);
  });

  it("escapes pipes in table cells, even inside code spans, once", () => {
    expect(tableCell("`a|b` and c\\|d")).toBe("`a\\|b` and c\\|d");
  });

  it("round-trips hidden data, even text that would end an HTML comment", () => {
    const data = { items: ["pr#1", "--> <script>"] };
    const body = `before\n${embedData(data)}\nafter`;
    expect(body).not.toContain("<script>");
    expect(extractData(body)).toEqual(data);
    expect(extractData("no data here")).toBeUndefined();
    expect(extractData("<!-- shipshape:data not-base64-json -->")).toBeUndefined();
  });
});

describe("cutting to GitHub's byte limits", () => {
  it("cuts by UTF-8 bytes at a character boundary, never inside a character", () => {
    const text = "設".repeat(30_000); // 90,000 bytes
    const cut = truncateBytes(text, 65_000);
    expect(Buffer.byteLength(cut, "utf8")).toBeLessThanOrEqual(65_000);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.includes("\ufffd")).toBe(false);
    expect(truncateBytes("short", 65_000)).toBe("short");
  });

  it("cuts by UTF-16 units without splitting a surrogate pair", () => {
    const cut = truncate("😀".repeat(10), 6);
    expect(cut).toBe("😀😀…");
  });

  it("removes bidirectional controls from user text", () => {
    expect(escapeText("a\u202eb\u2066c")).toBe("abc");
    expect(inlineCode("x\u202ey")).toBe("`xy`");
  });
});
