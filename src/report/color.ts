/**
 * Whether to colour output written to `stream`. Follows the NO_COLOR (no-color.org) and FORCE_COLOR
 * conventions: NO_COLOR (any non-empty value) always wins, FORCE_COLOR forces colour on (except
 * "0"/"false", which force it off), TERM=dumb turns it off, otherwise colour only on a TTY.
 */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
