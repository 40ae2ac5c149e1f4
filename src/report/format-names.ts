/** Output formats, apart from the renderers so that option parsing does not load them. */
export const FORMATS = ['text', 'json', 'sarif', 'junit', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
/** `history` also writes the HTML report (the inventory of what it found: docs/governance.md). */
export const HISTORY_FORMATS = [...FORMATS, 'html'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];
