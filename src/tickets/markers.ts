import { createHash } from 'node:crypto';

/**
 * How keyward recognises its own tickets in a tracker, without local state: a label carrying the
 * fingerprint (searchable) and a hidden marker listing the locations the ticket covers.
 */

export const FINGERPRINT_RE = /^[0-9a-f]{32}$/;

/** "keyward-" + 32 hex = 40 characters: within GitHub's 50-character label limit; no spaces (Jira). */
export function markerLabel(fingerprint: string): string {
  return `keyward-${fingerprint}`;
}

/**
 * Short stable key of one place: the commit's first 12 hex digits (so a new commit is visible
 * from keys alone) and a hash of path and line (paths never reach the marker in clear).
 */
export function locationKey(commit: string, file: string, line: number): string {
  const h = createHash('sha256').update(`${file}\0${line}`).digest('hex').slice(0, 8);
  return `${commit.slice(0, 12).toLowerCase()}.${h}`;
}

export function commitOfKey(key: string): string {
  return key.split('.')[0] ?? '';
}

const MARKER_RE = /<!-- keyward:v1 fp=([0-9a-f]{32})(?: loc=([0-9a-z.,]*))? -->/g;

/** Hidden HTML comment for Markdown trackers (GitHub, GitLab): invisible when rendered. */
export function markdownMarker(fingerprint: string, locations: string[]): string {
  return `<!-- keyward:v1 fp=${fingerprint} loc=${locations.join(',')} -->`;
}

/** Locations covered by the markers of this fingerprint found in `texts` (ticket body, comments). */
export function coveredFromMarkdown(fingerprint: string, texts: Array<string | null | undefined>): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    for (const m of t.matchAll(MARKER_RE)) {
      if (m[1] !== fingerprint || !m[2]) continue;
      for (const k of m[2].split(',')) if (k) out.add(k);
    }
  }
  return [...out];
}

/** True if the text carries keyward's marker for this fingerprint. */
export function hasMarkdownMarker(fingerprint: string, text: string | null | undefined): boolean {
  if (!text) return false;
  for (const m of text.matchAll(MARKER_RE)) if (m[1] === fingerprint) return true;
  return false;
}
