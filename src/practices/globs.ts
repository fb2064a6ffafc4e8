import { LRUCache } from "lru-cache";
import picomatch from "picomatch";

/** Compiled matchers by their globs: configs repeat the same few lists on every evaluation. */
const matchers = new LRUCache<string, (value: string) => boolean>({ max: 500 });
/**
 * Answers by matcher and path: each practice classifies the same changed files again (a 3,000-file
 * pull request is matched against the default lists several times an evaluation), and a list of a
 * hundred globs costs tens of microseconds a path. Keyed by a matcher's number; bounded in entries
 * and in the characters of their keys (an author's paths can be long), per thread.
 */
const answers = new LRUCache<string, boolean>({
  max: 50_000,
  maxSize: 4_000_000,
  sizeCalculation: (_answer, key) => key.length + 16,
});
let compiled = 0;
/**
 * The same matchers by the list itself: a config's lists are the same arrays on every evaluation
 * of it, and joining a default list of hundreds of globs into its key (and hashing that) cost more
 * than the matching. A list must not change once matched (config lists never do).
 */
const caseSensitiveByList = new WeakMap<readonly string[], (value: string) => boolean>();
const caseInsensitiveByList = new WeakMap<readonly string[], (value: string) => boolean>();

/**
 * A matcher for a list of globs, read as `.gitignore` reads them: a path matches when some glob
 * matches it and no later `!glob` excludes it (`["**\/*.py", "!**\/migrations/**"]`). `dot: true`,
 * so `.github/**` and dotfiles match as users expect.
 */
export function globMatcher(globs: readonly string[], options: { nocase?: boolean } = {}): (value: string) => boolean {
  if (globs.length === 0) return () => false;
  const nocase = options.nocase ?? false;
  const byList = nocase ? caseInsensitiveByList : caseSensitiveByList;
  const known = byList.get(globs);
  if (known) return known;
  const key = `${nocase ? "i" : "c"}\0${globs.join("\0")}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = compile(globs, nocase);
    matchers.set(key, matcher);
  }
  byList.set(globs, matcher);
  return matcher;
}

function compile(globs: readonly string[], nocase: boolean): (value: string) => boolean {
  // Consecutive globs of one polarity are compiled together; the last group that matches decides.
  const groups: { exclude: boolean; match: (value: string) => boolean }[] = [];
  let pending: string[] = [];
  let pendingExclude = false;
  const flush = () => {
    if (pending.length > 0) groups.push({ exclude: pendingExclude, match: picomatch(pending, { dot: true, nocase }) });
    pending = [];
  };
  for (const glob of globs) {
    const exclude = glob.startsWith("!");
    if (exclude !== pendingExclude) flush();
    pendingExclude = exclude;
    pending.push(exclude ? glob.slice(1) : glob);
  }
  flush();
  const id = ++compiled;
  return (value) => {
    const key = `${id}\0${value}`;
    const known = answers.get(key);
    if (known !== undefined) return known;
    let matched = false;
    for (const group of groups) if (group.exclude === matched && group.match(value)) matched = !group.exclude;
    answers.set(key, matched);
    return matched;
  };
}
