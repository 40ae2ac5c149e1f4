/**
 * Code samples in documentation: a README's fenced block that shows how to configure a client
 * (`auth: { username: 'mikeymike', password: '...' }`) holds a made-up credential far more often
 * than a live one, and nothing but the name says it is a secret. Findings that rest on such
 * generic evidence alone (low confidence) are not reported inside a fence of a Markdown file or a
 * literal block of a reStructuredText file; structural tokens and provider keys are, wherever
 * they are.
 */

const MARKDOWN = /\.(?:md|markdown|mdx)$/i;
/** A fence line: up to 3 spaces, then ``` or ~~~ (CommonMark). */
const FENCE = /^ {0,3}(?:```|~~~)/;
/** Markdown files are small; past this, the fence count is not worth the walk. */
const MAX_BYTES = 4 << 20;

export function inMarkdownCodeSample(data: Buffer, start: number, path: string): boolean {
  if (!MARKDOWN.test(path) || start > MAX_BYTES) return false;
  let open = false;
  let at = 0;
  while (at < start) {
    const nl = data.indexOf(10, at);
    const end = nl === -1 || nl > start ? start : nl;
    if (FENCE.test(data.toString('latin1', at, Math.min(end, at + 8)))) open = !open;
    if (nl === -1 || nl >= start) break;
    at = nl + 1;
  }
  return open;
}

const RST = /\.(?:rst|rest)$/i;
/** A paragraph that introduces a literal block (`Output::`, `... ::`) or a code directive. */
const RST_INTRO = /(?:::[ \t]*|^\.\. +(?:code-block|code|sourcecode|literalinclude|parsed-literal)::.*)$/;
/** How far back the introducing paragraph is looked for. */
const RST_LOOKBACK = 64 << 10;

/**
 * True when `start` is in an indented literal block of a .rst file: its line is indented, and the
 * first line above it that is neither blank nor indented introduces a block (ends in `::`, or is
 * a `.. code-block::` directive). The AWS CLI documents the input and output of its commands so.
 */
export function inRstLiteralBlock(data: Buffer, start: number, path: string): boolean {
  if (!RST.test(path)) return false;
  let lineStart = data.lastIndexOf(10, start - 1) + 1;
  if (data[lineStart] !== 32 && data[lineStart] !== 9) return false;
  const floor = Math.max(0, start - RST_LOOKBACK);
  while (lineStart > floor) {
    const prevStart = data.lastIndexOf(10, lineStart - 2) + 1;
    const line = data.toString('latin1', prevStart, lineStart - 1).replace(/\r$/, '');
    lineStart = prevStart;
    if (line.trim() === '' || line[0] === ' ' || line[0] === '\t') continue;
    return RST_INTRO.test(line);
  }
  return false;
}
