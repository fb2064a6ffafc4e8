import { LRUCache } from "lru-cache";
import picomatch from "picomatch";

/** Compiled matchers by their globs: configs repeat the same few lists on every evaluation. */
const matchers = new LRUCache<string, (value: string) => boolean>({ max: 500 });

/** A matcher for a list of globs; `dot: true` so `.github/**` and dotfiles match as users expect. */
export function globMatcher(globs: readonly string[], options: { nocase?: boolean } = {}): (value: string) => boolean {
  if (globs.length === 0) return () => false;
  const nocase = options.nocase ?? false;
  const key = `${nocase ? "i" : "c"}\0${globs.join("\0")}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true, nocase });
    matchers.set(key, matcher);
  }
  return matcher;
}
