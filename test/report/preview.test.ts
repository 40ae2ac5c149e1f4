import { describe, expect, it } from 'vitest';
import { previewSecret } from '../../src/report/preview.js';
import { randomFrom, randomToken } from '../helpers/fake.js';

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
/** How many characters of `secret` after its first `from` the preview repeats (longest run). */
function shownOf(preview: string, secret: string, from = 0): number {
  let best = 0;
  for (let i = from; i < secret.length; i++) {
    for (let n = best + 1; i + n <= secret.length && preview.includes(secret.slice(i, i + n)); n++) best = n;
  }
  return best;
}

describe('previewSecret', () => {
  it('shows a structural token its public prefix and 4 characters', () => {
    const token = `ghp_${randomFrom(ALNUM, 36)}`;
    const p = previewSecret(token, { keywords: ['ghp_', 'gho_'], structural: true });
    expect(p).toBe(`${token.slice(0, 8)}…`);
  });

  it('gives no prefix to a rule whose tokens have none, even when a keyword starts the value', () => {
    const secret = `pass${randomToken(20)}`;
    const p = previewSecret(secret, { keywords: ['pass'], structural: false });
    expect(p).toBe(`${secret.slice(0, 4)}…`);
  });

  it('shows at most a quarter of a short value', () => {
    expect(previewSecret('hunter2x', { keywords: [], structural: false })).toBe('hu…');
    expect(previewSecret('abc', { keywords: [], structural: false })).toBe('…');
  });

  it("masks a URL's credentials and keeps its scheme and host, from the value or from the match around it", () => {
    const pass = randomToken(20);
    const url = `postgres://app:${pass}@db.example.com:5432/app`;
    expect(previewSecret(url, { keywords: [], structural: false })).toBe('postgres://***@db.example.com:5432 (credentials masked)');
    expect(previewSecret(pass, { match: url, keywords: [], structural: false })).toBe('postgres://***@db.example.com:5432 (credentials masked)');
    expect(shownOf(previewSecret(pass, { match: url, keywords: [], structural: false }), pass)).toBeLessThanOrEqual(4);
  });

  it('names the key type of a PEM block and nothing of its body', () => {
    const body = randomFrom(ALNUM, 64);
    const pem = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----`;
    const p = previewSecret(pem, { keywords: ['-----BEGIN OPENSSH PRIVATE KEY-----'], structural: true });
    expect(p).toBe('OPENSSH PRIVATE KEY (PEM block)');
    expect(previewSecret(body, { match: pem, keywords: [], structural: false })).toBe('OPENSSH PRIVATE KEY (PEM block)');
  });

  it('never shows more than 4 characters of the secret after its prefix', () => {
    for (let i = 0; i < 200; i++) {
      const prefix = randomFrom('abcdefghijklmnop', 1 + (i % 8));
      const secret = `${prefix}_${randomFrom(ALNUM, 8 + (i % 50))}`;
      const p = previewSecret(secret, { keywords: [`${prefix}_`], structural: i % 2 === 0 });
      const from = i % 2 === 0 && prefix.length + 1 >= 3 && prefix.length + 1 <= secret.length / 2 ? prefix.length + 1 : 0;
      expect(shownOf(p, secret, from)).toBeLessThanOrEqual(4);
    }
  });
});
