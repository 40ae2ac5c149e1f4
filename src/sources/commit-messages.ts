import type { Detector } from '../detect/detector.js';
import { catFileStream } from '../git/cat-file-stream.js';
import { COMMIT_MESSAGE, type Finding } from '../model/finding.js';
import { scanObjectMessage } from './object-message.js';
import type { FindingOptions } from '../engine/scan-data.js';

export interface CommitMessagesOptions extends FindingOptions {
  cwd: string;
  detector: Detector;
  env?: NodeJS.ProcessEnv;
  /** Called before each commit; throw to stop (a time budget). */
  checkpoint?: () => void;
}

export interface CommitMessagesScan {
  /** file "<commit message>", source "commit-message", with the commit, its author and date. */
  findings: Finding[];
  bytes: number;
  /** Commits that could not be read. */
  warnings: string[];
}

/**
 * Secrets in the messages of `commits`, read with one `git cat-file --batch` (all ids written at
 * once, answers streamed) and scanned by the same detector as files.
 */
export async function scanCommitMessages(commits: readonly string[], opts: CommitMessagesOptions): Promise<CommitMessagesScan> {
  const out: CommitMessagesScan = { findings: [], bytes: 0, warnings: [] };
  for await (const obj of catFileStream(opts.cwd, commits, opts.env)) {
    opts.checkpoint?.();
    if (obj.missing || obj.type !== 'commit') {
      out.warnings.push(`commit ${obj.oid} could not be read; its message was not scanned`);
      continue;
    }
    const m = await scanObjectMessage(obj, COMMIT_MESSAGE, opts.detector, opts);
    out.bytes += m.bytes;
    const p = m.header.person;
    for (const f of m.findings) {
      out.findings.push({ ...f, commit: obj.oid, ...(p ? { author: p.name, email: p.email, date: p.date } : {}), source: 'commit-message' });
    }
  }
  return out;
}
