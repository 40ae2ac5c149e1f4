/** The forges keyward links to (and whose issue trackers it talks to). */
export type ForgeKind = 'github' | 'gitlab';

/** A git remote as a web location. Never carries the credentials a remote URL may embed. */
export interface RemoteWeb {
  host: string;
  /** owner/repo or group/sub/project, without ".git". */
  path: string;
  /** https://host/owner/repo (http for http remotes; the ssh port is dropped). */
  base: string;
  forge?: ForgeKind;
}

/**
 * Parses the remote URL forms git accepts: https://[user[:pass]@]host[:port]/path(.git),
 * ssh://[user@]host[:port]/path, git://host/path and scp-like [user@]host:path.
 * Local paths and file:// remotes have no web location.
 */
export function parseRemote(remote: string, linkHosts: Record<string, ForgeKind> = {}): RemoteWeb | undefined {
  const r = remote.trim();
  let scheme: string;
  let host: string;
  let port = '';
  let path: string;
  const urlForm = /^([a-z][a-z0-9+.-]*):\/\//i.exec(r);
  if (urlForm) {
    let u: URL;
    try {
      u = new URL(r);
    } catch {
      return undefined;
    }
    scheme = u.protocol.replace(/:$/, '').toLowerCase();
    if (!['http', 'https', 'ssh', 'git', 'git+ssh', 'ssh+git'].includes(scheme)) return undefined;
    host = u.hostname;
    port = u.port;
    path = decodeURIComponent(u.pathname);
  } else {
    // scp-like: [user@]host:path — but not a Windows drive ("C:\...") or a local path.
    const m = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(r);
    if (!m || /^[A-Za-z]$/.test(m[1]!)) return undefined;
    scheme = 'ssh';
    host = m[1]!;
    path = m[2]!;
  }
  path = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  if (!host || !path) return undefined;
  host = host.toLowerCase().replace(/^\[|\]$/g, '');
  const web = scheme === 'http' ? 'http' : 'https';
  const keepPort = (scheme === 'http' || scheme === 'https') && port !== '';
  const base = `${web}://${host}${keepPort ? `:${port}` : ''}/${path.split('/').map(encodeURIComponent).join('/')}`;
  return { host, path, base, forge: forgeOf(host, linkHosts) };
}

/** github.com and gitlab.com, configured hosts, then hosts named after either (github.acme.com). */
export function forgeOf(host: string, linkHosts: Record<string, ForgeKind>): ForgeKind | undefined {
  const h = host.toLowerCase();
  if (linkHosts[h]) return linkHosts[h];
  if (h === 'github.com' || h.endsWith('.github.com') || /(^|[.-])github([.-]|$)/.test(h)) return 'github';
  if (h === 'gitlab.com' || /(^|[.-])gitlab([.-]|$)/.test(h)) return 'gitlab';
  return undefined;
}

/** Path segments encoded, "/" kept: links to files whose names have spaces, "#" or "?" still work. */
function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

export function commitUrl(web: RemoteWeb, sha: string): string | undefined {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) return undefined;
  if (web.forge === 'github') return `${web.base}/commit/${sha}`;
  if (web.forge === 'gitlab') return `${web.base}/-/commit/${sha}`;
  return undefined;
}

export function fileUrl(web: RemoteWeb, sha: string, file: string, line: number): string | undefined {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) return undefined;
  const anchor = line > 0 ? `#L${line}` : '';
  if (web.forge === 'github') return `${web.base}/blob/${sha}/${encodePath(file)}${anchor}`;
  if (web.forge === 'gitlab') return `${web.base}/-/blob/${sha}/${encodePath(file)}${anchor}`;
  return undefined;
}
