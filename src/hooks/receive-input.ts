/** One line of pre-receive input: "<old oid> <new oid> <ref>". */
export interface ReceiveUpdate {
  ref: string;
  old: string;
  new: string;
}

export const isZeroOid = (oid: string): boolean => /^0+$/.test(oid);

export function parseReceiveInput(text: string): ReceiveUpdate[] {
  const out: ReceiveUpdate[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^([0-9a-f]{40,64}) ([0-9a-f]{40,64}) (.+)$/.exec(line.replace(/\r$/, ''));
    if (!m) throw new Error(`unexpected pre-receive input line: ${line.slice(0, 200)}`);
    out.push({ old: m[1]!, new: m[2]!, ref: m[3]! });
  }
  return out;
}

/**
 * rev-list arguments for the commits a push brings in: reachable from the new tips and from no
 * existing ref (refs are updated only after pre-receive accepts). Deleted refs add nothing.
 */
export function receiveRevs(updates: ReceiveUpdate[]): string[] {
  const tips = updates.filter((u) => !isZeroOid(u.new)).map((u) => u.new);
  if (tips.length === 0) return [];
  const olds = updates.filter((u) => !isZeroOid(u.old)).map((u) => u.old);
  return [...tips, '--not', ...olds, '--all'];
}

/** The refs a push creates or updates and the objects they will name (tags, blobs and trees included). */
export function receiveTips(updates: ReceiveUpdate[]): Array<{ ref: string; oid: string }> {
  return updates.filter((u) => !isZeroOid(u.new)).map((u) => ({ ref: u.ref, oid: u.new }));
}

/** `git push -o keyward-bypass="reason"`: the reason, '' when given without one. */
export function bypassReason(env: NodeJS.ProcessEnv): string | undefined {
  const n = Number(env.GIT_PUSH_OPTION_COUNT ?? '0');
  let reason: string | undefined;
  for (let i = 0; i < n; i++) {
    const opt = env[`GIT_PUSH_OPTION_${i}`] ?? '';
    if (opt === 'keyward-bypass') reason = '';
    else if (opt.startsWith('keyward-bypass=')) reason = opt.slice('keyward-bypass='.length).trim();
  }
  return reason;
}
