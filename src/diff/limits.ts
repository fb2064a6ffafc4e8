/** A file's patch longer than this is not read (GitHub itself drops patches of big diffs). */
export const MAX_PATCH_CHARS = 200_000;
/** The patch text read per pull request; files beyond it are judged by their names. */
export const MAX_PATCH_CHARS_PER_PULL = 1_000_000;
