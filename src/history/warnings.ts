/** At most this many warnings name single missing blobs; then one line counts the rest. */
export const MAX_MISSING_WARNINGS = 20;

export interface Incompleteness {
  /** Boundary commits of a shallow clone. */
  shallow: readonly string[];
  /** Blobs that could not be read, and whether the repository is a partial clone (they were never downloaded). */
  missingBlobs: number;
  partial: boolean;
}

/** What the user is told about history a scan could not see, each with how to scan it. */
export function incompletenessWarnings({ shallow, missingBlobs, partial }: Incompleteness): string[] {
  const out: string[] = [];
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
