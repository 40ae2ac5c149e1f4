import { micromatch } from '../model/micromatch.js';

/** A brace or class holding a '/', an escape, a negation or a second `**`: left to micromatch whole. */
const NOT_SUFFIX = /\{[^}]*\/|\[[^\]]*\/|\\|\*\*|^!|^\//;
/** `.` or `..` segments (micromatch's `**` never crosses them) and backslashes: micromatch decides. */
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)|\\/;

/**
 * One predicate for a list of micromatch globs (dotfiles included), compiled once.
 *
 * `**∕REST` (REST without `**`) matches a path exactly when the path's last k segments match REST,
 * k being REST's segment count: `**∕` stands for any leading directories and a segment glob never
 * crosses '/'. Such globs are tested as one regex per k on that short suffix, not through
 * micromatch's `**` regex, whose lazy scan with a look-ahead per character cost ~90 µs per path
 * for the path-scoped rules' 76 globs on absolute paths (3.2 s for the 36,858 files of the scan
 * corpus).
 */
export function globMatcher(globs: readonly string[]): ((path: string) => boolean) | undefined {
  if (globs.length === 0) return undefined;
  const m = micromatch();
  const bySegments = new Map<number, string[]>();
  const others: Array<(path: string) => boolean> = [];
  // Many basename globs (the path-scoped rules' union): an index; a few (one rule's): one regex is as quick.
  const names = new BasenameIndex();
  const indexed = new Set(globs.filter((g) => g.startsWith('**/') && BasenameIndex.takes(g.slice(3))));
  const useIndex = indexed.size >= INDEX_MIN;
  for (const g of globs) {
    const rest = g.startsWith('**/') ? g.slice(3) : '';
    if (useIndex && indexed.has(g)) {
      names.add(rest);
      continue;
    }
    const re = rest !== '' && !NOT_SUFFIX.test(rest) ? m.makeRe(rest, { dot: true }) : undefined;
    if (re && re.flags === '') {
      const k = rest.split('/').length;
      bySegments.set(k, [...(bySegments.get(k) ?? []), `(?:${re.source})`]);
    } else others.push(m.matcher(g, { dot: true }));
  }
  // Each source is anchored (`^...$`); anchoring the alternation as a whole too lets V8 try it at
  // the first position only, not at every one (the 70 basename globs of the path-scoped rules:
  // ~4x faster per path).
  const joined = (sources: string[]) => (sources.every((x) => x.startsWith('(?:^')) ? `^(?:${sources.join('|')})` : sources.join('|'));
  const suffixes = [...bySegments].map(([k, sources]) => ({ k, re: new RegExp(joined(sources)) }));
  let whole: Array<(path: string) => boolean> | undefined; // compiled only when a path needs it
  return (path) => {
    if ((suffixes.length > 0 || !names.empty) && DOT_SEGMENT.test(path)) return (whole ??= globs.map((g) => m.matcher(g, { dot: true }))).some((w) => w(path));
    if (!names.empty && names.has(lastSegments(path, 1))) return true;
    for (const { k, re } of suffixes) if (re.test(lastSegments(path, k))) return true;
    return others.some((o) => o(path));
  };
}

/** Basename globs from which an index pays (measured: ~70 of them, 1.7 -> 1.2 µs per path; one, 0.23 -> 0.30 µs). */
const INDEX_MIN = 8;

/** No glob syntax: every character stands for itself. */
const LITERAL = /^[^*?[\]{}()!+@\\]*$/;

/**
 * Basename globs (`**∕NAME`) answered without a regex: a literal name (`.pgpass`), or a literal
 * head and tail around one `*` (`*.tf.json`, `Dockerfile*`, `redis-cli*.txt`), a brace of literal
 * alternatives expanded first (`*.{yml,yaml}`). With dotfiles matched, micromatch's `*` is any
 * run of characters but `/`, empty included: a name matches when it starts with the head, ends
 * with the tail and is long enough for both. Tails are looked up by the name's extension, so a
 * path costs a few comparisons, not the ~70 alternatives of one regex (bench/micro/path-globs.mjs:
 * 59 -> 39 ms over the bench corpus's 33,601 paths).
 */
class BasenameIndex {
  private readonly exact = new Set<string>();
  /** Tail's extension (after its last `.`) → the affixes with that tail. */
  private readonly byExt = new Map<string, Array<[string, string]>>();
  /** Affixes whose tail has no `.`: tried on every name. */
  private readonly loose: Array<[string, string]> = [];
  private globs = 0;

  /** True while no glob was added. */
  get empty(): boolean {
    return this.globs === 0;
  }

  /** Whether `glob` (no `**∕`) has the shape above. */
  static takes(glob: string): boolean {
    if (glob === '' || glob.includes('/')) return false;
    const alts = expandBrace(glob);
    return alts !== undefined && alts.every((a) => affix(a) !== undefined);
  }

  /** Adds a glob that takes() accepts. */
  add(glob: string): void {
    for (const part of expandBrace(glob)!.map(affix)) {
      if (part === undefined) continue;
      if (typeof part === 'string') this.exact.add(part);
      else {
        const dot = part[1].lastIndexOf('.');
        if (dot < 0) this.loose.push(part);
        else {
          const ext = part[1].slice(dot + 1);
          this.byExt.set(ext, [...(this.byExt.get(ext) ?? []), part]);
        }
      }
    }
    this.globs++;
  }

  has(name: string): boolean {
    if (this.exact.has(name)) return true;
    const dot = name.lastIndexOf('.');
    const list = dot < 0 ? undefined : this.byExt.get(name.slice(dot + 1));
    return (list !== undefined && list.some((a) => fits(a, name))) || this.loose.some((a) => fits(a, name));
  }
}

function fits([head, tail]: [string, string], name: string): boolean {
  return name.length >= head.length + tail.length && name.startsWith(head) && name.endsWith(tail);
}

/** A literal name, or [head, tail] around one `*`; undefined for anything else. */
function affix(glob: string): string | [string, string] | undefined {
  const star = glob.indexOf('*');
  if (star < 0) return glob !== '' && LITERAL.test(glob) ? glob : undefined;
  const [head, tail] = [glob.slice(0, star), glob.slice(star + 1)];
  return LITERAL.test(head) && LITERAL.test(tail) ? [head, tail] : undefined;
}

/** `*.{yml,yaml}` → [`*.yml`, `*.yaml`]: at most one brace, of two or more literal alternatives (not a range). */
function expandBrace(glob: string): string[] | undefined {
  if (!glob.includes('{')) return [glob];
  const m = /^([^{}]*)\{([^{}]*,[^{}]*)\}([^{}]*)$/.exec(glob);
  if (!m || m[2]!.includes('..')) return undefined;
  return m[2]!.split(',').map((alt) => m[1]! + alt + m[3]!);
}

/** The last `k` '/'-separated segments of `path` (all of it when it has fewer). */
function lastSegments(path: string, k: number): string {
  let i = path.length;
  for (let s = 0; s < k && i >= 0; s++) i = path.lastIndexOf('/', i - 1);
  return i < 0 ? path : path.slice(i + 1);
}
