/** The person line of a commit (`author`) or tag (`tagger`). */
export interface Person {
  name: string;
  email: string;
  /** Strict ISO 8601 with the person's own offset, as git's %aI. */
  date: string;
}

/** What a commit or annotated tag says about itself, from its header. */
export interface ObjectHeader {
  /** author (commit) or tagger (tag); absent in some old or crafted tags. */
  person?: Person;
  /** Tag: the object it points to, that object's type and the tag's name. */
  object?: string;
  type?: string;
  tag?: string;
}

/** A header longer than this is not a header (a crafted object): its whole text is the message. */
export const MAX_HEADER = 1024 * 1024;

const LF_LF = Buffer.from('\n\n');

/**
 * Where the message of a raw commit or tag object starts: after the first empty line (header
 * continuation lines, e.g. a gpgsig, start with a space, so they never form one). -1 when `head`
 * holds no empty line.
 */
export function messageStart(head: Buffer): number {
  const i = head.indexOf(LF_LF);
  return i < 0 ? -1 : i + 2;
}

/** Parses the header lines of a commit or tag object (continuation lines ignored). */
export function parseHeader(header: Buffer): ObjectHeader {
  const out: ObjectHeader = {};
  for (const line of header.toString('utf8').split('\n')) {
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    const key = line.slice(0, sp);
    const value = line.slice(sp + 1);
    if ((key === 'author' || key === 'tagger') && !out.person) out.person = parsePerson(value);
    else if (key === 'object' && out.object === undefined) out.object = value;
    else if (key === 'type' && out.type === undefined) out.type = value;
    else if (key === 'tag' && out.tag === undefined) out.tag = value;
  }
  return out;
}

/** "Name <email> 1700000000 +0130" → name, email, ISO date (undefined fields stay empty). */
export function parsePerson(value: string): Person | undefined {
  const m = /^(.*?) ?<([^>]*)> (\d+) ([+-])(\d\d)(\d\d)$/.exec(value);
  if (!m) return undefined;
  const [, name, email, secs, sign, hh, mm] = m as unknown as [string, string, string, string, string, string, string];
  const offset = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  const local = new Date((Number(secs) + offset * 60) * 1000);
  if (Number.isNaN(local.getTime())) return { name, email, date: '' };
  const date = `${local.toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
  return { name, email, date };
}
