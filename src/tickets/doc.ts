/**
 * A tiny document model for ticket bodies: composed once, rendered as Markdown (GitHub, GitLab,
 * JSONL, webhook) or Atlassian Document Format (Jira).
 */
export type Inline =
  | { t: 'text'; v: string }
  | { t: 'strong'; v: string }
  | { t: 'code'; v: string }
  | { t: 'link'; v: string; href: string }
  /** A person or team to notify (@login); rendered as a mention where the tracker has them. */
  | { t: 'mention'; v: string };

export type Block =
  | { t: 'heading'; level: 2 | 3; content: Inline[] }
  | { t: 'para'; content: Inline[] }
  | { t: 'list'; ordered: boolean; items: Inline[][] };

export interface Doc {
  blocks: Block[];
}

export const text = (v: string): Inline => ({ t: 'text', v });
export const strong = (v: string): Inline => ({ t: 'strong', v });
export const code = (v: string): Inline => ({ t: 'code', v });
export const link = (v: string, href: string): Inline => ({ t: 'link', v, href });

/** Only http(s) URLs become links: a report or rule cannot inject javascript: or data: links. */
export function safeUrl(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

// ---- Markdown (GitHub-flavoured; GitLab renders the same subset) ----

export function toMarkdown(doc: Doc): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    if (b.t === 'heading') out.push(`${'#'.repeat(b.level)} ${inlines(b.content)}`);
    else if (b.t === 'para') out.push(inlines(b.content));
    else out.push(b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${inlines(item)}`).join('\n'));
  }
  return `${out.join('\n\n')}\n`;
}

function inlines(content: Inline[]): string {
  return content.map(inline).join('');
}

function inline(n: Inline): string {
  switch (n.t) {
    case 'text':
      return escapeMd(n.v);
    case 'strong':
      return `**${escapeMd(n.v)}**`;
    case 'code':
      return codeSpan(n.v);
    case 'link': {
      const href = safeUrl(n.href);
      return href ? `[${escapeMd(n.v)}](${mdUrl(href)})` : escapeMd(n.v);
    }
    case 'mention':
      return /^@[A-Za-z0-9][A-Za-z0-9_.\-/]*$/.test(n.v) ? n.v : escapeMd(n.v);
  }
}

/**
 * Escapes inline Markdown and HTML syntax, "@" and "#" so that text from commits (author names,
 * paths) cannot format the ticket, mention anyone or link other issues.
 */
export function escapeMd(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]<>#|~@&$]/g, (c) => `\\${c}`);
}

/** A code span whose fence is longer than any backtick run inside it. */
function codeSpan(s: string): string {
  const v = s.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...Array.from(v.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

/** Parentheses and spaces would end a Markdown link target early. */
function mdUrl(href: string): string {
  return href.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Plain text, for chat webhooks and terminals. */
export function toPlainText(doc: Doc): string {
  const plain = (c: Inline[]): string => c.map((n) => (n.t === 'link' ? `${n.v} (${safeUrl(n.href) ?? ''})` : n.v)).join('');
  return doc.blocks
    .map((b) => (b.t === 'list' ? b.items.map((it, i) => `${b.ordered ? `${i + 1}.` : '-'} ${plain(it)}`).join('\n') : plain(b.content)))
    .join('\n\n');
}
