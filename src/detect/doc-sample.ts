/**
 * Code samples in Markdown documentation: a README's fenced block that shows how to configure a
 * client (`auth: { username: 'mikeymike', password: '...' }`) holds a made-up credential far more
 * often than a live one, and nothing but the name says it is a secret. Findings that rest on such
 * generic evidence alone (low confidence) are not reported inside a fence of a Markdown file;
 * structural tokens and provider keys are, wherever they are.
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
