import type { ItemSource, ScanItem } from '../engine/items.js';
import { BlobReadError, GitObjectReader } from '../git/object-reader.js';
import { COMMIT_MESSAGE } from '../model/finding.js';
import { messageItem, personFields, type PresentObject } from './object-message.js';

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
  for await (const obj of GitObjectReader.all(opts.cwd, commits, { env: opts.env })) {
    opts.checkpoint?.();
    if (obj.missing || obj.type !== 'commit') {
      const why = obj.missing && obj.error ? ` (${obj.error})` : '';
      warnings.push(`commit ${obj.oid} could not be read${why}; its message was not scanned`);
      continue;
    }
    const made = await messageOf(obj, warnings);
    if (!made) continue;
    const { header, item } = made;
    item.provenance = { commit: obj.oid, ...personFields(header), source: 'commit-message' };
    yield item;
  }
}

/** A streamed (huge) message git could not finish while its header was read: a warning, not the end of the scan. */
async function messageOf(obj: PresentObject, warnings: string[]): Promise<Awaited<ReturnType<typeof messageItem>> | undefined> {
  try {
    return await messageItem(obj, COMMIT_MESSAGE);
  } catch (e) {
    if (!(e instanceof BlobReadError)) throw e;
    warnings.push(`commit ${obj.oid} could not be read (${e.message}); its message was not scanned`);
    return undefined;
  }
}
