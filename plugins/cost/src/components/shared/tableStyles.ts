/** Cell style of amounts: never broken over lines. */
export const NUMERIC_CELL = { whiteSpace: 'nowrap' } as const;

/** Cell style of short names (teams, files): kept on one line. */
export const NAME_CELL = { whiteSpace: 'nowrap' } as const;
