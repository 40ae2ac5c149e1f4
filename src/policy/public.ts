import { globMatcher } from '../config/globs.js';
import { parseRemote } from '../git/remote-web.js';

/**
 * Whether the policy calls a remote public: `policy.public.remotes` lists remote names
 * ("origin") or globs on the remote's host and path ("github.com/acme/*"), however the URL is
 * written (https, ssh, scp-like; credentials in it are never looked at).
 */
export function isPublicRemote(name: string, url: string | undefined, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return false;
  if (patterns.includes(name)) return true;
  const web = url ? parseRemote(url) : undefined;
  if (!web) return false;
  return globMatcher(patterns)!(`${web.host}/${web.path}`);
}
