import { createRequire } from "node:module";
import type Parser from "web-tree-sitter";

/**
 * Code tokens of source fragments, with tree-sitter's WASM grammars (web-tree-sitter and the
 * prebuilt grammars of tree-sitter-wasms, both shipped inside their npm packages: nothing is
 * downloaded). Tree-sitter is error-tolerant, so a patch hunk, a fragment of a file, still yields
 * its tokens. Comments, doc comments and docstrings are left out: two fragments with the same
 * tokens behave the same.
 */

/** The grammar of each code extension (tree-sitter-wasms' file names). */
const GRAMMARS: Readonly<Record<string, string>> = {
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  py: "python",
  go: "go",
  java: "java",
  kt: "kotlin",
  kts: "kotlin",
  scala: "scala",
  swift: "swift",
  rb: "ruby",
  rs: "rust",
  cs: "c_sharp",
  php: "php",
  ex: "elixir",
  exs: "elixir",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  hh: "cpp",
  hpp: "cpp",
  dart: "dart",
  lua: "lua",
};

/** The grammar for a file name, or null when there is none. */
export function grammarOf(filename: string): string | null {
  const dot = filename.lastIndexOf(".");
  if (dot < 0 || dot < filename.lastIndexOf("/")) return null;
  return GRAMMARS[filename.slice(dot + 1).toLowerCase()] ?? null;
}

const require = createRequire(import.meta.url);
let runtime: Promise<typeof Parser> | undefined;
const languages = new Map<string, Promise<Parser.Language>>();
const parsers = new Map<string, Parser>();
/** A parse that takes longer than this is abandoned (tree-sitter's own timeout): the file is unread. */
const PARSE_TIMEOUT_MICROS = 1_000_000;

/**
 * Loads the WASM runtime (once per thread); grammars load when a file needs them. A load that
 * failed is not kept: the next file that needs it tries again.
 */
export function warmUpTokenizer(): Promise<typeof Parser> {
  runtime ??= forgetOnFailure(
    import("web-tree-sitter").then(async ({ default: TreeSitter }) => {
      await TreeSitter.init();
      return TreeSitter;
    }),
    () => {
      runtime = undefined;
    },
  );
  return runtime;
}

/** The promise, with `forget` called when it rejects (so that a cache holding it drops it). */
function forgetOnFailure<T>(promise: Promise<T>, forget: () => void): Promise<T> {
  promise.catch(forget);
  return promise;
}

/** A parser for a grammar; grammars are loaded once per thread. */
export async function parserFor(grammar: string): Promise<Parser> {
  const existing = parsers.get(grammar);
  if (existing) return existing;
  const TreeSitter = await warmUpTokenizer();
  let language = languages.get(grammar);
  if (!language) {
    language = forgetOnFailure(
      TreeSitter.Language.load(require.resolve(`tree-sitter-wasms/out/tree-sitter-${grammar}.wasm`)),
      () => languages.delete(grammar),
    );
    languages.set(grammar, language);
  }
  const parser = new TreeSitter();
  parser.setLanguage(await language);
  parser.setTimeoutMicros(PARSE_TIMEOUT_MICROS);
  parsers.set(grammar, parser);
  return parser;
}

export interface Tokens {
  /** The code tokens, comments and docstrings left out. */
  code: string[];
  /** Whether the parser met a syntax error (expected of fragments). */
  hasError: boolean;
  /** The text of the comments and docstrings left out, in order (for doctests). */
  docs: string[];
}

/** Tokenizes source text; null when the parse was abandoned at its timeout. */
export function tokenize(parser: Parser, grammar: string, text: string): Tokens | null {
  const source = grammar === "php" ? `<?php\n${text}` : text;
  const tree = parser.parse(source);
  if (!tree) return null;
  const tokens: Tokens = { code: [], hasError: tree.rootNode.hasError, docs: [] };
  const cursor = tree.walk();
  let offset = grammar === "php" ? "<?php\n".length : 0;
  // Python's indentation is syntax: the column of a line's first token counts, outside brackets.
  const indentation = grammar === "python";
  let depth = 0;
  let lastRow = -1;
  const pushGap = (until: number) => {
    // Text no leaf covers (a grammar that keeps some text in a parent node) is compared too.
    if (until > offset) {
      const gap = source.slice(offset, until).replace(/\s+/g, "");
      if (gap !== "") tokens.code.push(gap);
    }
    offset = Math.max(offset, until);
  };
  /** A comment, doc comment or docstring, taken whole: its text goes to the docs. */
  const takeDocumentation = (node: Parser.SyntaxNode): void => {
    pushGap(node.startIndex);
    tokens.docs.push(node.text);
    offset = Math.max(offset, node.endIndex);
  };
  /** A leaf: its text goes to the code tokens. */
  const takeLeaf = (node: Parser.SyntaxNode): void => {
    if (node.startIndex === node.endIndex) return;
    pushGap(node.startIndex);
    const text = node.text;
    if (indentation && depth === 0 && node.startPosition.row !== lastRow) {
      tokens.code.push(`\u0000indent:${node.startPosition.column}`);
    }
    lastRow = node.endPosition.row;
    if (text === "(" || text === "[" || text === "{") depth++;
    else if ((text === ")" || text === "]" || text === "}") && depth > 0) depth--;
    // A token of whitespace (Go's newline terminator) counts once, however many blank lines it spans.
    if (text.trim() !== "") tokens.code.push(text);
    else if (text.includes("\n")) tokens.code.push("\n");
    offset = Math.max(offset, node.endIndex);
  };
  // Depth first with the cursor alone, no recursion: an author's fragment can nest thousands deep
  // (a run of brackets, error recovery), past what the call stack holds.
  let done = false;
  while (!done) {
    const node = cursor.currentNode;
    const documentation = isDocumentation(node, grammar);
    if (!documentation && cursor.gotoFirstChild()) continue;
    if (documentation) takeDocumentation(node);
    else takeLeaf(node);
    // On to the next sibling, or up until an ancestor has one; past the root, the walk is done.
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
    }
  }
  pushGap(source.length);
  cursor.delete();
  tree.delete();
  if (grammar === "php") tokens.code.splice(0, 1);
  return tokens;
}

/** Comments and doc comments of every grammar; Python docstrings; Elixir `@doc`/`@moduledoc`. */
function isDocumentation(node: Parser.SyntaxNode, grammar: string): boolean {
  if (node.type.includes("comment")) return true;
  if (grammar === "python" && node.type === "expression_statement" && node.namedChildCount === 1) {
    const only = node.namedChild(0);
    return only?.type === "string" || only?.type === "concatenated_string";
  }
  if (grammar === "elixir" && node.type === "unary_operator" && node.text.startsWith("@")) {
    const target = node.namedChild(0)?.namedChild(0);
    return target?.type === "identifier" && /^(?:doc|moduledoc|typedoc)$/.test(target.text);
  }
  return false;
}
