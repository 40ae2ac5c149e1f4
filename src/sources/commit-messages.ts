import type { ItemSource, ScanItem } from '../engine/items.js';
import { catFileStream } from '../git/cat-file-stream.js';
import { COMMIT_MESSAGE } from '../model/finding.js';
import { messageItem, personFields } from './object-message.js';

export interface CommitMessagesOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Called before each commit; throw to stop (a time budget). */
  checkpoint?: () => void;
}

/**
 * The messages of `commits`, read with one `git cat-file --batch` (all ids written at once,
 * answers streamed), for the engine to scan as it does files (engine/items.ts): file "<commit
 * message>", source "commit-message", with the commit, its author and date. Warnings name the
 * commits that could not be read.
 */
export function commitMessages(commits: readonly string[], opts: CommitMessagesOptions): ItemSource {
  const warnings: string[] = [];
  return { items: messages(commits, opts, warnings), warnings };
}

async function* messages(commits: readonly string[], opts: CommitMessagesOptions, warnings: string[]): AsyncGenerator<ScanItem, void, undefined> {
  for await (const obj of catFileStream(opts.cwd, commits, opts.env)) {
    opts.checkpoint?.();
    if (obj.missing || obj.type !== 'commit') {
      warnings.push(`commit ${obj.oid} could not be read; its message was not scanned`);
      continue;
    }
    const { header, item } = await messageItem(obj, COMMIT_MESSAGE);
    item.provenance = { commit: obj.oid, ...personFields(header), source: 'commit-message' };
    yield item;
  }
}
