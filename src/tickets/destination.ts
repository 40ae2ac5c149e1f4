import { isIP } from 'node:net';

/**
 * Where a tracker request may go: https anywhere, plain http only to this machine (a token sent
 * in clear over a network is a token given away). Returns why a URL is refused, or undefined.
 */
export function refusedDestination(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'is not an http(s) URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `is not an http(s) URL (scheme ${u.protocol.replace(/:$/, '')})`;
  // Host and port say what was refused; the path is not shown (a chat webhook's path is its secret).
  const where = `is refused (host ${u.hostname}, port ${u.port || (u.protocol === 'https:' ? '443' : '80')})`;
  if (u.username || u.password) return `${where}: the URL holds credentials; remove them from the URL and use an environment variable`;
  if (u.protocol === 'http:' && !isLoopback(u.hostname)) {
    return `${where}: plain http to a host that is not this machine; use https (http is accepted only for 127.0.0.1, ::1 and localhost)`;
  }
  return undefined;
}

/** 127.0.0.0/8, ::1 and the localhost names (RFC 6761: they never leave the machine). */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  // IPv4-mapped loopback, as written or as URL normalises it (::ffff:7f00:1).
  if (isIP(h) === 6) return h === '::1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(h);
  return false;
}
