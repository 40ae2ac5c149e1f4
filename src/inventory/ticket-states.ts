import { TicketStore } from '../tickets/state.js';
import { JsonlTracker } from '../tickets/trackers/jsonl.js';

export interface TicketView {
  id: string;
  state: 'open' | 'closed';
  url?: string;
  openedAt?: string;
  deadline?: string;
}

/**
 * What the local ticket state says about each secret, read-only (no lock, no tracker contacted):
 * when a team moved to another tracker, the ticket updated last. A JSONL tracker is its own file:
 * "closed" lines appended there count.
 */
export function ticketStates(gitDir: string): (fingerprint: string) => TicketView | undefined {
  const store = TicketStore.peek(gitDir);
  const records = store.targets().map((t) => ({ all: store.all(t), jsonl: jsonlStates(t) }));
  return (fp) => {
    let best: TicketView | undefined;
    let bestAt = '';
    for (const { all, jsonl } of records) {
      const r = all[fp];
      if (!r?.id || (best && r.updatedAt <= bestAt)) continue;
      best = { id: r.id, state: jsonl?.get(r.id) ?? r.state ?? 'open', url: r.url, openedAt: r.openedAt, deadline: r.deadline };
      bestAt = r.updatedAt;
    }
    return best;
  };
}

function jsonlStates(target: string): Map<string, 'open' | 'closed'> | undefined {
  if (!target.startsWith('jsonl:')) return undefined;
  try {
    return new JsonlTracker(target.slice('jsonl:'.length)).states();
  } catch {
    return undefined; // unreadable: the recorded state stands
  }
}
