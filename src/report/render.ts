import type { ScanResult } from '../model/finding.js';
import { renderCsv } from './formats/csv.js';
import { renderJson } from './formats/json.js';
import { renderJunit } from './formats/junit.js';
import { renderSarif } from './formats/sarif.js';
import { renderText } from './formats/text.js';

import { FORMATS, type Format } from './format-names.js';

export { FORMATS, type Format } from './format-names.js';

export interface RenderOptions {
  /** ANSI colours; only the text format uses them. */
  color: boolean;
  toolVersion: string;
  /** e.g. 'scan' | 'history' | 'staged' */
  mode: string;
}

export type Renderer = (result: ScanResult, opts: RenderOptions) => string;

const RENDERERS: Record<Format, Renderer> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  csv: renderCsv,
};

/** The whole report as one string, ending with a newline. */
export function render(result: ScanResult, format: Format, opts: RenderOptions): string {
  const renderer = RENDERERS[format];
  if (!renderer) throw new Error(`unknown output format "${String(format)}" (expected one of ${FORMATS.join(', ')})`);
  return renderer(result, opts);
}
