// Writes one very large source file (real source text repeated) with fake credentials planted at
// known lines, to measure peak memory and check nothing is missed deep inside a huge file.
// Fake tokens are generated at run time: this repository holds no token-shaped strings.
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MB } from '../lib/index.mjs';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomBase62(n) {
  for (;;) {
    // 248 = 4 * 62: rejecting bytes >= 248 keeps the alphabet uniform
    let out = '';
    while (out.length < n) {
      for (const b of randomBytes(n * 2)) if (b < 248 && out.length < n) out += BASE62[b % 62];
    }
    // rare draws that a scanner rightly takes for placeholders or words (xxxx, dummy...)
    if (!/(.)\1\1|[a-z]{5,}|[A-Z]{5,}/.test(out)) return out;
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(s) {
  let crc = 0xffffffff;
  for (const b of Buffer.from(s)) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ b) & 0xff];
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(n, width) {
  let out = '';
  for (; n > 0; n = Math.floor(n / 62)) out = BASE62[n % 62] + out;
  return out.padStart(width, '0');
}

/** GitHub classic PAT shape: prefix, 30 random base62, 6-char base62 CRC32 of the 30. */
export function fakeGithubToken() {
  const random = randomBase62(30);
  return `ghp_${random}${base62(crc32(random), 6)}`;
}

/** Lines that must each yield one finding (a specific rule or the generic assignment rules). */
function plantedLines() {
  const gh = fakeGithubToken();
  const key = randomBase62(32);
  const pw = `${randomBase62(6)}#${randomBase62(5)}!${randomBase62(3)}`;
  return [
    { text: `GITHUB_TOKEN = "${gh}"`, secret: gh },
    { text: `const apiKey = "${key}";`, secret: key },
    { text: `db_password: "${pw}"`, secret: pw },
  ];
}

/** A block of real source code: corpus files (in corpus order) concatenated up to blockBytes. */
export function sourceBlock(corpus, { blockBytes = MB } = {}) {
  const parts = [];
  let size = 0;
  for (const rel of corpus.list) {
    if (size >= blockBytes) break;
    if (!/\.(py|js|ts|h)$/.test(rel)) continue; // code, not JSON/markdown
    const text = readFileSync(join(corpus.root, rel), 'utf8');
    parts.push(text.endsWith('\n') ? text : `${text}\n`);
    size += text.length;
  }
  if (!parts.length) throw new Error('no source files in the corpus to build a block from');
  return parts.join('');
}

/**
 * Drops lines (1-based numbers) from text ending in a newline: used to remove what the scanner
 * flags in the block, which would otherwise be reported once per copy of the block.
 */
export function dropLines(text, drop) {
  const lines = text.split('\n');
  lines.pop(); // after the final newline
  return `${lines.filter((_, i) => !drop.has(i + 1)).join('\n')}\n`;
}

/**
 * Writes `block` repeated to `path` until it is at least sizeMb, with a group of planted lines
 * after every `every` MB. Returns { bytes, planted: [{ line, secret }] }.
 */
export function writeBigFile(path, block, { sizeMb = 1100, everyMb = 64 } = {}) {
  const buf = Buffer.from(block);
  const blockLines = block.split('\n').length - 1;
  const target = sizeMb * MB;
  const everyBlocks = Math.max(1, Math.round((everyMb * MB) / buf.length));
  const planted = [];
  const fd = openSync(path, 'w');
  try {
    let bytes = 0;
    let line = 1; // number of the next line written
    for (let i = 0; bytes < target; i++) {
      // plant at the start too (i = 0) and right before the end, where chunking bugs hide
      if (i % everyBlocks === 0 || bytes + buf.length >= target) {
        for (const p of plantedLines()) {
          const b = Buffer.from(`${p.text}\n`);
          writeSync(fd, b);
          planted.push({ line, secret: p.secret });
          bytes += b.length;
          line++;
        }
      }
      writeSync(fd, buf);
      bytes += buf.length;
      line += blockLines;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes: statSync(path).size, planted };
}

/** Findings array from keyward JSON output (an array, or an object with `findings`). */
export function findingsOf(json) {
  const doc = JSON.parse(json);
  const list = Array.isArray(doc) ? doc : doc.findings;
  if (!Array.isArray(list)) throw new Error('keyward JSON output has no findings array');
  return list;
}
