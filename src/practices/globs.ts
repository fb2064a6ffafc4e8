import picomatch from "picomatch";

/** A matcher for a list of globs; `dot: true` so `.github/**` and dotfiles match as users expect. */
export function globMatcher(globs: readonly string[], options: { nocase?: boolean } = {}): (value: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch([...globs], { dot: true, nocase: options.nocase ?? false });
}
