/** At most this many warnings name single missing blobs or odd refs; then one line counts the rest. */
export const MAX_MISSING_WARNINGS = 20;

export interface Incompleteness {
  /** Refs that name a tree or a blob (no history walk reaches their content). */
  odd: ReadonlyArray<{ ref: string; type: string }>;
  /** Boundary commits of a shallow clone. */
  shallow: readonly string[];
  /** Blobs that could not be read, and whether the repository is a partial clone (they were never downloaded). */
  missingBlobs: number;
  partial: boolean;
}

/** What the user is told about history a scan could not see, each with how to scan it. */
export function incompletenessWarnings({ odd, shallow, missingBlobs, partial }: Incompleteness): string[] {
  const out: string[] = [];
  // `git tag name <blob>` keeps content outside every commit: say so rather than pass it as clean.
  for (const { ref, type } of odd.slice(0, MAX_MISSING_WARNINGS)) {
    const how = type === 'blob' ? `git cat-file blob ${ref} | keyward scan -` : `mkdir t && git archive ${ref} | tar -x -C t && keyward scan t`;
    out.push(`${ref} names a ${type}, not a commit: no history walk reaches it, so it was not scanned (to scan it: ${how})`);
  }
  if (odd.length > MAX_MISSING_WARNINGS) out.push(`${odd.length - MAX_MISSING_WARNINGS} more refs name trees or blobs`);
  if (shallow.length > 0) {
    const n = shallow.length === 1 ? '1 boundary commit' : `${shallow.length} boundary commits`;
    out.push(
      `shallow clone: history before ${n} is not in this repository; secrets only there were not scanned, and those found at the boundary may be older (git fetch --unshallow)`,
    );
  }
  if (missingBlobs > 0 && partial) {
    out.push(
      `partial clone: ${missingBlobs} blobs are not downloaded and were not scanned (to fetch them: git -c remote.<name>.partialclonefilter= fetch --refetch <name>)`,
    );
  }
  return out;
}
