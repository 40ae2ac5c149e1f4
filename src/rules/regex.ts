/**
 * Capturing groups in an RE2 / Go regex (RE2 does not expose the count): unescaped "(" outside
 * a character class, not "(?...", except named groups "(?P<name>" and "(?<name>".
 */
export function countGroups(source: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (source[i + 1] === ']') i++;
      continue;
    }
    if (c !== '(') continue;
    if (source[i + 1] !== '?') n++;
    else if (source.startsWith('?P<', i + 1) || (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!')) n++;
  }
  return n;
}
