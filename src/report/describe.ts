import type { ScanStats } from '../model/finding.js';

/** Plain-language pieces shared by the human-facing formats. */

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1024-based, like the --max-file-size option: "512 B", "1.5 MB". */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m}m ${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

/** Why the result cannot be trusted as complete; undefined when it can. */
export function incompleteReason(stats: ScanStats, mode: string): string | undefined {
  if (stats.complete) return undefined;
  const what = mode === 'history' ? 'object' : 'file';
  const parts: string[] = [];
  if (stats.unreadable > 0) parts.push(`${plural(stats.unreadable, what)} could not be read`);
  if (stats.blobsMissing) parts.push(`${plural(stats.blobsMissing, 'blob')} missing from the object store`);
  const cause = parts.length > 0 ? parts.join(', ') : 'some content could not be read';
  return `scan incomplete: ${cause}; secrets in them were not checked`;
}

// C0/C1 controls and bidi overrides: a file name or author could otherwise move the cursor,
// recolour the terminal or visually reorder the line it is printed on ("Trojan Source").
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `s` with characters that are unsafe on a terminal shown as escapes (\n, \x1b, \u202e). */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (ch) => {
    const code = ch.charCodeAt(0);
    return NAMED[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
  });
}
