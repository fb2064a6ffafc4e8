/**
 * A config's JSON text, kept per config object: the keys of judgements and of cut-off
 * descriptions include it, and writing a merged config with its ecosystem defaults out (some
 * 4 KB) for every delivery costs more than the rest of those keys. A loaded config is shared from
 * the loader's cache and never mutated, so its text never changes.
 */
const texts = new WeakMap<object, string>();

export function configText(config: object): string {
  let text = texts.get(config);
  if (text === undefined) {
    text = JSON.stringify(config);
    texts.set(config, text);
  }
  return text;
}
