import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globMatcher } from '../detect/globs.js';

interface Entry {
  matches: (path: string) => boolean;
  owners: string[];
}

interface Section {
  defaults: string[];
  entries: Entry[];
}

/**
 * CODEOWNERS as GitHub and GitLab read it: gitignore-like patterns, the last matching line wins.
 * GitLab sections ("[Section] @owners") each contribute their own last match.
 */
export class CodeOwners {
  private constructor(
    private readonly sections: Section[],
    /** Repository-relative path of the file, for tickets. */
    readonly file: string,
  ) {}

  /** Where GitHub and GitLab look, in their order. */
  static readonly LOCATIONS = ['.github/CODEOWNERS', '.gitlab/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

  /** The repository's CODEOWNERS file, or undefined if it has none. */
  static load(repoRoot: string): CodeOwners | undefined {
    for (const rel of CodeOwners.LOCATIONS) {
      const p = join(repoRoot, rel);
      if (existsSync(p)) {
        try {
          return CodeOwners.parse(readFileSync(p, 'utf8'), rel);
        } catch {
          return undefined;
        }
      }
    }
    return undefined;
  }

  static parse(text: string, file = 'CODEOWNERS'): CodeOwners {
    const sections: Section[] = [{ defaults: [], entries: [] }];
    for (const raw of text.split(/\r?\n/)) {
      const line = stripComment(raw).trim();
      if (!line) continue;
      const header = /^\^?\[[^\]]+\](?:\[\d+\])?(.*)$/.exec(line);
      if (header) {
        sections.push({ defaults: splitUnescaped(header[1]!.trim()), entries: [] });
        continue;
      }
      const [pattern, ...owners] = splitUnescaped(line);
      if (!pattern) continue;
      const matches = patternMatcher(pattern);
      if (matches) sections[sections.length - 1]!.entries.push({ matches, owners });
    }
    return new CodeOwners(sections, file);
  }

  /** Owners of a repository-relative path ('/' separators); empty when nobody owns it. */
  ownersOf(path: string): string[] {
    const p = path.replace(/^\/+/, '');
    const out = new Set<string>();
    for (const s of this.sections) {
      let match: Entry | undefined;
      for (const e of s.entries) if (e.matches(p)) match = e;
      if (!match) continue;
      for (const o of match.owners.length > 0 ? match.owners : s === this.sections[0] ? [] : s.defaults) out.add(o);
    }
    return [...out];
  }
}

/** "#" starts a comment unless escaped ("\#"). */
function stripComment(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      out += c + line[i + 1];
      i++;
    } else if (c === '#') break;
    else out += c;
  }
  return out;
}

/** Splits on whitespace not escaped with "\" (paths may contain "\ "). */
function splitUnescaped(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (/\s/.test(c)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * A CODEOWNERS (gitignore-style) pattern → micromatch globs on the whole path:
 * - a "/" at the start or in the middle anchors the pattern at the root, otherwise it matches at any depth;
 * - a trailing "/" (or a plain name) also matches everything below a directory, but "dir/*" only
 *   matches the directory's direct children, as GitHub documents;
 * - "*" and "?" stay within one path segment, "**" crosses them (micromatch's own semantics).
 */
export function patternGlobs(pattern: string): string[] | undefined {
  let p = pattern;
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\/+/, '');
  if (!p) return dirOnly || pattern.startsWith('/') ? ['**'] : undefined;
  const base = anchored ? p : `**/${p}`;
  if (dirOnly) return [`${base}/**`];
  return /(^|\/)\*$/.test(p) ? [base] : [base, `${base}/**`];
}

/** The predicate of one pattern; undefined for a pattern that matches nothing. */
export function patternMatcher(pattern: string): ((path: string) => boolean) | undefined {
  const globs = patternGlobs(pattern);
  return globs ? globMatcher(globs) : undefined;
}
