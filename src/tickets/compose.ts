import type { RuleKind } from '../rules/types.js';
import { code, link, strong, text, type Block, type Inline } from './doc.js';
import { commitUrl, fileUrl, type RemoteWeb } from '../git/remote-web.js';
import { markerLabel } from './markers.js';
import { formatDuration, type Deadline } from '../policy/revoke.js';
import type { CommentDraft, SecretGroup, SecretLocation, TicketDraft, TicketFacts } from './types.js';

/** Everything about the repository a ticket needs besides the secret itself. */
export interface ComposeContext {
  /** "acme/app" or the directory name. */
  repoName: string;
  /** Web location of the remote the secret was pushed to, when it is a GitHub or GitLab remote. */
  web?: RemoteWeb;
  /** CODEOWNERS owners of a path ([] if none or no CODEOWNERS file). */
  ownersOf: (path: string) => string[];
  labels: string[];
  assignees: string[];
}

/** Lists longer than this are cut in the ticket (the marker still records every place). */
export const MAX_LISTED = 100;

/** "**What:** " — the space must stay outside the emphasis for Markdown to render it bold. */
const label = (name: string): Inline[] => [strong(`${name}:`), text(' ')];

export function ticketTitle(g: SecretGroup): string {
  const t = `Revoke exposed ${g.title} [${g.risk}] (keyward ${g.fingerprint.slice(0, 8)})`;
  return t.length > 250 ? `${t.slice(0, 249)}…` : t;
}

export function composeTicket(g: SecretGroup, ctx: ComposeContext, deadline: Deadline): TicketDraft {
  const facts = factsOf(g, ctx, deadline, g.locations);
  const blocks: Block[] = [];
  blocks.push({
    t: 'para',
    content: [
      text('keyward found a credential that was pushed to a shared remote. Anyone who can read the repository, or any clone of it, may have it: deleting it from the code does not help. '),
      strong(`Revoke and rotate it by ${humanTime(deadline.at)}.`),
    ],
  });

  blocks.push({ t: 'heading', level: 3, content: [text('Credential')] });
  const what: Inline[][] = [
    [...label('What'), text(`${g.title} `), code(g.ruleId), text(` (provider ${g.provider}, kind ${g.kind})`)],
    [...label('Risk'), text(g.risk)],
    [...label('Secret'), code(g.secret), text(' (redacted), fingerprint '), code(g.fingerprint)],
    [...label('Revocation deadline'), text(`${humanTime(deadline.at)} (${formatDuration(deadline.windowMs)}, ${deadline.basis})`)],
  ];
  blocks.push({ t: 'list', ordered: false, items: what });

  blocks.push({ t: 'heading', level: 3, content: [text('Who and when')] });
  const who: Inline[][] = [];
  who.push(ctx.web ? [...label('Repository'), link(ctx.repoName, ctx.web.base)] : [...label('Repository'), text(ctx.repoName)]);
  if (g.commit) {
    const person = g.author ? `${g.author}${g.email ? ` <${g.email}>` : ''}` : 'unknown author';
    who.push([...label('Introduced by'), text(`${person} in commit `), commitRef(g.commit, ctx.web)]);
  }
  if (g.date) {
    const remotes = g.remotes.length > 0 ? `; reachable from ${g.remotes.join(', ')}` : '';
    who.push([...label('First pushed'), text(`${humanTime(g.date)} (author date of the introducing commit${remotes})`)]);
  }
  who.push(
    facts.owners.length > 0
      ? [...label('Owners (CODEOWNERS)'), ...facts.owners.flatMap((o, i): Inline[] => (i > 0 ? [text(', '), { t: 'mention', v: o }] : [{ t: 'mention', v: o }]))]
      : [...label('Owners (CODEOWNERS)'), text('none listed for these paths')],
  );
  blocks.push({ t: 'list', ordered: false, items: who });

  blocks.push(...whereBlocks('Where it appears', g.locations, ctx.web));

  blocks.push({ t: 'heading', level: 3, content: [text('How to revoke')] });
  blocks.push({ t: 'list', ordered: true, items: revocationSteps(g) });
  blocks.push({
    t: 'para',
    content: [text('Close this ticket once the credential is revoked. keyward will not reopen it unless the secret shows up in a new commit.')],
  });

  return {
    fingerprint: g.fingerprint,
    title: ticketTitle(g),
    doc: { blocks },
    labels: [...new Set([...ctx.labels, markerLabel(g.fingerprint)])],
    assignees: ctx.assignees,
    risk: g.risk,
    deadline: deadline.at,
    locations: g.locations.map((l) => l.key),
    facts,
  };
}

/** A follow-up on an existing ticket: the places seen since it was opened or last updated. */
export function composeComment(g: SecretGroup, ctx: ComposeContext, added: SecretLocation[], reopened: boolean, deadline: Deadline): CommentDraft {
  const commits = new Set(added.map((l) => l.commit));
  const blocks: Block[] = [];
  if (reopened) {
    blocks.push({
      t: 'para',
      content: [
        ...label('Reopened'),
        text(`this secret appears in ${plural(commits.size, 'new commit')} after the ticket was closed. Check that the credential was really revoked (if it was, the new commits only carry a dead value and need cleaning up). New deadline: `),
        strong(humanTime(deadline.at)),
        text('.'),
      ],
    });
  } else {
    blocks.push({ t: 'para', content: [text(`keyward found this secret in ${plural(added.length, 'more place')}. It is the same credential (fingerprint `), code(g.fingerprint), text('): revoking it once covers them all.')] });
  }
  blocks.push(...whereBlocks('New places', added, ctx.web));
  return {
    fingerprint: g.fingerprint,
    doc: { blocks },
    locations: added.map((l) => l.key),
    facts: factsOf(g, ctx, deadline, added),
    reopened,
  };
}

function whereBlocks(heading: string, locations: SecretLocation[], web: RemoteWeb | undefined): Block[] {
  const commits = new Set(locations.map((l) => l.commit).filter(Boolean));
  const items = locations.slice(0, MAX_LISTED).map((l) => locationLine(l, web));
  if (locations.length > MAX_LISTED) items.push([text(`… and ${locations.length - MAX_LISTED} more (run keyward history to list them all)`)]);
  return [
    { t: 'heading', level: 3, content: [text(`${heading} (${plural(locations.length, 'place')} in ${plural(commits.size, 'commit')})`)] },
    { t: 'list', ordered: false, items },
  ];
}

function locationLine(l: SecretLocation, web: RemoteWeb | undefined): Inline[] {
  const where = `${l.file} line ${l.line}`;
  const url = web && l.commit ? fileUrl(web, l.commit, l.file, l.line) : undefined;
  const out: Inline[] = [url ? link(where, url) : code(where)];
  if (l.commit) out.push(text(' in commit '), commitRef(l.commit, web));
  return out;
}

function commitRef(sha: string, web: RemoteWeb | undefined): Inline {
  const url = web ? commitUrl(web, sha) : undefined;
  return url ? link(sha.slice(0, 12), url) : code(sha.slice(0, 12));
}

const KIND_STEP: Record<RuleKind, string> = {
  'cloud-credential': 'Deactivate and delete the key (rotating alone leaves the old one valid), then review the cloud audit log (CloudTrail, Cloud Audit Logs, Activity Log) for anything done with it.',
  'api-token': 'Delete the token at the provider and issue a new one with the least scope the service needs.',
  'ai-service-token': 'Delete the key and create a new one; check usage and billing for requests you did not make.',
  'database-credential': "Change the database user's password (or drop the user) and check that the database is not reachable from the internet.",
  'private-key': 'Revoke every certificate or authorization tied to this key pair, generate a new pair and distribute the new public key.',
  'ssh-key': 'Remove the public key from every authorized_keys file, deploy-key and account that trusts it, then generate a new key pair.',
  'tls-certificate-key': 'Ask the certificate authority to revoke the certificate, then issue a new certificate with a new key.',
  'webhook-secret': 'Regenerate the signing secret and update every receiver that verifies it.',
  password: 'Change the password everywhere it is used, and enable multi-factor authentication where the service offers it.',
  generic: 'Find which service this value belongs to (the path and commit help), then revoke or rotate it there.',
};

function revocationSteps(g: SecretGroup): Inline[][] {
  const first: Inline[] = g.revoke
    ? [text(`Revoke or rotate the credential at ${g.provider}: `), link(g.revoke, g.revoke)]
    : [text(`Revoke or rotate the credential in ${g.provider}'s console.`)];
  const since = g.date ? ` since ${g.date.slice(0, 10)}` : '';
  return [
    first,
    [text(KIND_STEP[g.kind] ?? KIND_STEP.generic)],
    [text('Put the new credential in a secret manager or CI secret, update every service that used the old one, and keep it out of the repository.')],
    [text(`Check the provider's access logs for use of the old credential${since}.`)],
  ];
}

function factsOf(g: SecretGroup, ctx: ComposeContext, deadline: Deadline, locations: SecretLocation[]): TicketFacts {
  const owners = [...new Set(g.locations.flatMap((l) => ctx.ownersOf(l.file)))];
  return {
    fingerprint: g.fingerprint,
    ruleId: g.ruleId,
    title: g.title,
    provider: g.provider,
    kind: g.kind,
    risk: g.risk,
    secret: g.secret,
    repository: ctx.web?.base ?? ctx.repoName,
    author: g.author,
    email: g.email,
    introducedIn: g.commit,
    introducedAt: g.date,
    owners,
    deadline: deadline.at,
    revoke: g.revoke,
    locations: locations.map((l) => ({
      commit: l.commit,
      file: l.file,
      line: l.line,
      url: ctx.web && l.commit ? fileUrl(ctx.web, l.commit, l.file, l.line) : undefined,
    })),
  };
}

/** "2025-01-02 14:00 UTC": unambiguous for a team spread over time zones. */
export function humanTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
