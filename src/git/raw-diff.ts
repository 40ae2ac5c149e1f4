/** One entry of `git diff-* --raw -z` output. */
export interface RawChange {
  srcMode: string;
  dstMode: string;
  srcOid: string;
  dstOid: string;
  /** A (added), C (copied), D (deleted), M (modified), R (renamed), T (type changed), U (unmerged), X. */
  status: string;
  /** Destination path (the path in the new tree or the index). */
  path: string;
  /** Source path of a rename or copy. */
  srcPath?: string;
}

/** The changes of one diff; `commit` is set for `git diff-tree --stdin` output. */
export interface RawSection {
  commit?: string;
  changes: RawChange[];
}

/**
 * Parses `--raw -z` output. With -z every field is NUL-terminated, so paths holding newlines,
 * quotes or any byte but NUL come through unquoted. With `commitHeaders` (diff-tree --stdin),
 * a field that is not a change header starts a new section: the commit it belongs to.
 * Positional parsing keeps a path that starts with ':' from being read as a header.
 */
export function parseRawZ(out: Buffer, commitHeaders: boolean): RawSection[] {
  const fields = out.toString('utf8').split('\0');
  if (fields[fields.length - 1] === '') fields.pop();
  const sections: RawSection[] = commitHeaders ? [] : [{ changes: [] }];
  let i = 0;
  while (i < fields.length) {
    const f = fields[i++]!;
    if (!f.startsWith(':')) {
      // diff-tree --stdin: "<commit>" (sometimes with a newline) before the commit's changes
      if (!commitHeaders) throw new Error(`unexpected raw diff field: ${f.slice(0, 80)}`);
      sections.push({ commit: f.trim(), changes: [] });
      continue;
    }
    const head = f.slice(1).split(' ');
    if (head.length < 5) throw new Error(`unexpected raw diff header: ${f.slice(0, 120)}`);
    const [srcMode, dstMode, srcOid, dstOid, statusScore] = head as [string, string, string, string, string];
    const status = statusScore.charAt(0);
    const twoPaths = status === 'R' || status === 'C';
    const first = fields[i++];
    const second = twoPaths ? fields[i++] : undefined;
    if (first === undefined || (twoPaths && second === undefined)) throw new Error('truncated raw diff output');
    const section = sections[sections.length - 1];
    if (!section) throw new Error('raw diff change before any commit header');
    section.changes.push({
      srcMode,
      dstMode,
      srcOid,
      dstOid,
      status,
      path: twoPaths ? second! : first,
      ...(twoPaths ? { srcPath: first } : {}),
    });
  }
  return sections;
}
