/** Output formats, apart from the renderers so that option parsing does not load them. */
export const FORMATS = ['text', 'json', 'sarif', 'junit', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
