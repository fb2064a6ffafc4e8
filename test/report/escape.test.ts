import { describe, expect, it } from "vitest";
import { embedData, extractData } from "../../src/report/data-block.js";
import { escapeText, inlineCode, tableCell } from "../../src/report/escape.js";

describe("escaping user text", () => {
  it.each([
    ["a mention", "@octocat please look", "@\u200boctocat please look"],
    ["a team mention", "@acme/admins", "@\u200bacme/admins"],
    ["HTML", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert\\(1\\)&gt;"],
    ["markdown emphasis and links", "*bold* [link](http://x)", "\\*bold\\* \\[link\\]\\(http://x\\)"],
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
