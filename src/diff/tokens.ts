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
  /** What each line of the text holds, by line index (lines with no token are absent). */
  lines: Map<number, LineContent>;
  /** The indices in `code` of the tokens inside a text literal (a string, not code interpolated into one). */
  texts: Set<number>;
}

/**
 * The kinds of code tokens on a line: literal values held as data (strings, numbers, booleans: a
 * table's entries, a constant's value), literal values computed with (see COMPUTED), punctuation
 * (`,` `(` `]` `:` `=>`…) and anything else (names, operators, keywords), with the names among
 * those others (identifiers, not keywords, operators or type names) and how many brackets the
 * line opens (negative: closes).
 */
export interface LineContent {
  literal: boolean;
  computed: boolean;
  punctuation: boolean;
  other: boolean;
  names: string[];
  brackets: number;
}

/** Named node types of literal values across the grammars (tree-sitter-wasms' names). */
const LITERAL =
  /string|char_literal|rune_literal|number|integer|float|decimal|hex_|octal|binary_literal|boolean|^true$|^false$|^null$|^nil$|^none$|^atom$|symbol|heredoc|nowdoc/;
/** Named node types of text literals among them (strings, heredocs), not numbers or booleans. */
const TEXT_LITERAL = /string|heredoc|nowdoc/;
/** Code inside a literal: `${…}`, `#{…}`, `{…}` of an f-string. */
const INTERPOLATION = /interpolation|substitution/;
/**
 * Named node types in which a literal value takes part in a computation rather than being held as
 * data: a call's arguments, an operand, a condition, a return value, a parameter's default, an
 * annotation or attribute, a case label, a macro.
 */
const COMPUTED = new Set(
  (
    "argument arguments binary comparison operator unary augmented update call invocation subscript index " +
    "conditional ternary if elif while for return yield await lambda closure arrow range case switch match " +
    "when pattern parameter parameters attribute annotation decorator macro throw raise assert"
  ).split(" "),
);
/** Punctuation that separates or groups the entries of a data table. */
const PUNCTUATION = new Set([",", ";", ":", "(", ")", "[", "]", "{", "}", "&", "=>"]);

/**
 * Where a node sits: inside a literal value (and whether that value spans lines), inside code
 * interpolated into one, inside a computation (see COMPUTED).
 */
interface Place {
  literal: boolean;
  /** The literal is a text (see TEXT_LITERAL). */
  text: boolean;
  multiLine: boolean;
  interpolated: boolean;
  computed: boolean;
}

/** Tokenizes source text; null when the parse was abandoned at its timeout. */
export function tokenize(parser: Parser, grammar: string, text: string): Tokens | null {
  const source = grammar === "php" ? `<?php\n${text}` : text;
  const tree = parser.parse(source);
  if (!tree) return null;
  const tokens: Tokens = { code: [], hasError: tree.rootNode.hasError, docs: [], lines: new Map(), texts: new Set() };
  const rowShift = grammar === "php" ? 1 : 0;
  const cursor = tree.walk();
  let offset = grammar === "php" ? "<?php\n".length : 0;
  // Python's indentation is syntax: the column of a line's first token counts, outside brackets.
  const indentation = grammar === "python";
  let depth = 0;
  let lastRow = -1;
  const pushGap = (until: number, inText = false) => {
    // Text no leaf covers (a grammar that keeps some text in a parent node) is compared too; inside
    // a text literal (Go keeps a string's content in no leaf) as it is, spaces and all.
    if (until > offset) {
      const raw = source.slice(offset, until);
      const gap = inText ? raw : raw.replace(/\s+/g, "");
      if (gap.trim() !== "") {
        if (inText) tokens.texts.add(tokens.code.length);
        tokens.code.push(gap);
      }
    }
    offset = Math.max(offset, until);
  };
  /** A comment, doc comment or docstring, taken whole: its text goes to the docs. */
  const takeDocumentation = (node: Parser.SyntaxNode): void => {
    pushGap(node.startIndex);
    tokens.docs.push(node.text);
    // Its lines hold a token, of no kind: a comment between a table's entries changes no value.
    for (let row = node.startPosition.row; row <= node.endPosition.row; row++) {
      const index = row - rowShift;
      if (!tokens.lines.has(index)) tokens.lines.set(index, emptyLine());
    }
    offset = Math.max(offset, node.endIndex);
  };
  /** Notes what kind of token the leaf is on each line it spans. */
  const noteLine = (node: Parser.SyntaxNode, text: string, place: Place): void => {
    // A value over several lines may be a misreading: a fragment that starts inside a docstring
    // reads its closing quotes as an opening, and the code after them as text. It counts as code.
    const value = place.literal && !place.multiLine && !place.interpolated;
    const punctuation = !place.literal && PUNCTUATION.has(text);
    const brackets = punctuation ? (BRACKETS[text] ?? 0) : 0;
    for (let row = node.startPosition.row; row <= node.endPosition.row; row++) {
      const index = row - rowShift;
      const line = tokens.lines.get(index) ?? emptyLine();
      if (value && place.computed) line.computed = true;
      else if (value) line.literal = true;
      else if (punctuation) line.punctuation = true;
      else {
        line.other = true;
        // Keywords and operators are anonymous nodes; type names (`usize`, `String`) are no logic.
        if (row === node.startPosition.row && node.isNamed && !node.type.includes("type")) line.names.push(text);
      }
      if (row === node.startPosition.row) line.brackets += brackets;
      tokens.lines.set(index, line);
    }
  };
  /** A leaf: its text goes to the code tokens. */
  const takeLeaf = (node: Parser.SyntaxNode, place: Place): void => {
    if (node.startIndex === node.endIndex) return;
    const inText = place.text && !place.interpolated;
    pushGap(node.startIndex, inText);
    const text = node.text;
    if (indentation && depth === 0 && node.startPosition.row !== lastRow) {
      tokens.code.push(`\u0000indent:${node.startPosition.column}`);
    }
    lastRow = node.endPosition.row;
    if (text === "(" || text === "[" || text === "{") depth++;
    else if ((text === ")" || text === "]" || text === "}") && depth > 0) depth--;
    // A token of whitespace (Go's newline terminator) counts once, however many blank lines it spans.
    if (text.trim() !== "") {
      if (inText) tokens.texts.add(tokens.code.length);
      tokens.code.push(text);
      noteLine(node, text, place);
    } else if (text.includes("\n")) tokens.code.push("\n");
    offset = Math.max(offset, node.endIndex);
  };
  // Depth first with the cursor alone, no recursion: an author's fragment can nest thousands deep
  // (a run of brackets, error recovery), past what the call stack holds.
  // The places of the current node's ancestors, pushed on the way down and popped on the way up.
  const places: Place[] = [{ literal: false, text: false, multiLine: false, interpolated: false, computed: false }];
  let done = false;
  while (!done) {
    const node = cursor.currentNode;
    const place = placeOf(node, places[places.length - 1] as Place);
    const documentation = isDocumentation(node, grammar);
    if (!documentation && cursor.gotoFirstChild()) {
      places.push(place);
      continue;
    }
    if (documentation) takeDocumentation(node);
    else takeLeaf(node, place);
    // On to the next sibling, or up until an ancestor has one; past the root, the walk is done.
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
      places.pop();
    }
  }
  pushGap(source.length);
  cursor.delete();
  tree.delete();
  if (grammar === "php") tokens.code.splice(0, 1);
  return tokens;
}

function emptyLine(): LineContent {
  return { literal: false, computed: false, punctuation: false, other: false, names: [], brackets: 0 };
}

const BRACKETS: Readonly<Record<string, number>> = { "(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1 };

/** The node's place, from its parent's: named literal and interpolation nodes, computations. */
function placeOf(node: Parser.SyntaxNode, parent: Place): Place {
  if (!node.isNamed) return parent;
  const type = node.type;
  if (!parent.literal && LITERAL.test(type)) {
    const multiLine = node.startPosition.row !== node.endPosition.row;
    return { ...parent, literal: true, text: TEXT_LITERAL.test(type), multiLine };
  }
  if (parent.literal && INTERPOLATION.test(type)) return { ...parent, interpolated: true };
  if (!parent.computed && !parent.literal && computes(type)) return { ...parent, computed: true };
  return parent;
}

/** Node types by whether they compute (see COMPUTED), decided once per type: grammars have a few hundred. */
const computingTypes = new Map<string, boolean>();

/** Whole words of the type (`if_statement`, `argument_list`), not parts of words (`modifiers`). */
function computes(type: string): boolean {
  let known = computingTypes.get(type);
  if (known === undefined) {
    known = type.split("_").some((word) => COMPUTED.has(word));
    computingTypes.set(type, known);
  }
  return known;
}

/** Comments and doc comments of every grammar; Python docstrings; Elixir `@doc`/`@moduledoc`. */
function isDocumentation(node: Parser.SyntaxNode, grammar: string): boolean {
  if (node.type.includes("comment")) return true;
  // A string alone as a statement is a docstring, and no behaviour; not `"a",` (a tuple: an entry
  // of a list opened above the fragment) nor a string right before a stray closing bracket (the
  // last entry of one).
  if (grammar === "python" && node.type === "expression_statement" && node.childCount === 1) {
    const only = node.namedChild(0);
    const next = node.nextSibling;
    const closesList = next?.type === "ERROR" && /^[\])}]/.test(next.text);
    return (only?.type === "string" || only?.type === "concatenated_string") && !closesList;
  }
  if (grammar === "elixir" && node.type === "unary_operator" && node.text.startsWith("@")) {
    const target = node.namedChild(0)?.namedChild(0);
    return target?.type === "identifier" && /^(?:doc|moduledoc|typedoc)$/.test(target.text);
  }
  return false;
}
