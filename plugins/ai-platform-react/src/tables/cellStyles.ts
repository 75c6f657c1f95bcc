import type { CSSProperties } from 'react';

/**
 * A table cell whose names wrap between words only. Backstage's theme lets
 * every table cell break inside a word (`word-break: break-word`), so in a
 * card on an entity page a column of team names shrinks until
 * "Conversational AI" reads "Conversation / al AI". With this the column is
 * at least as wide as its longest word; hyphenated names still wrap at their
 * hyphens.
 *
 * @public
 */
export const wholeWordsCell: CSSProperties = { wordBreak: 'normal' };
