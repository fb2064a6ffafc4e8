/**
 * Pull-request templates in the styles real repositories use. Written for the corpus; the
 * patterns (prompt questions, italic guidance, placeholders, `<details>` blocks, checklists)
 * are what matter.
 */

/** Headings with HTML-comment prompts and a question. */
export const STANDARD = `## Summary
<!-- What does this PR change, and why? -->

## Related issue
Closes #

## Rollback
How would we undo this change if it goes wrong?

## Dependencies
_List any new dependencies and why they were chosen over alternatives._

## Checklist
- [ ] Tests added or updated
- [ ] Documentation updated
`;

/** A default answer left in place: "Rollback plan: revert the PR" is the template's, not the author's. */
export const RISKS = `### Description

### Risks & rollback
- Risk level: low / medium / high
- Rollback plan: revert this PR and redeploy

### Testing
- [ ] Unit tests
- [ ] Manual QA on staging
`;

/** A collapsible section, with a placeholder command. */
export const DETAILS = `## What

## Why

<details>
<summary>Rollback plan</summary>

Describe the steps to roll back, e.g. \`git revert <sha>\` and redeploy.

</details>
`;

/** Numbered headings with emoji, and instructions in italics. */
export const EMOJI = `## 1. 📝 Summary

## 2. 🔗 Ticket
PROJ-

## 3. 🔙 Roll back
*Explain how to roll this back safely. Mention feature flags and migrations.*

## 4. 📦 New dependencies
*Name each new package and why it was chosen.*
`;

/** A template whose rollback section is a checklist. */
export const CHECKLIST = `#### Changes

#### Rollback
- [ ] Revert the merge commit
- [ ] Turn off the feature flag
- [ ] Run the down migration

#### Notes
`;
