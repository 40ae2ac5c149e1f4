import { safeUrl, type Doc, type Inline } from './doc.js';

/** Atlassian Document Format node (the subset keyward writes). */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

/** Jira Cloud REST v3 takes descriptions and comments as ADF, not Markdown. */
export function toAdf(doc: Doc): AdfDoc {
  const content: AdfNode[] = [];
  for (const b of doc.blocks) {
    if (b.t === 'heading') content.push({ type: 'heading', attrs: { level: b.level }, content: inlines(b.content) });
    else if (b.t === 'para') content.push({ type: 'paragraph', content: inlines(b.content) });
    else {
      content.push({
        type: b.ordered ? 'orderedList' : 'bulletList',
        content: b.items.map((item) => ({ type: 'listItem', content: [{ type: 'paragraph', content: inlines(item) }] })),
      });
    }
  }
  return { type: 'doc', version: 1, content };
}

function inlines(content: Inline[]): AdfNode[] {
  // ADF rejects empty text nodes.
  return content.filter((n) => n.v.length > 0).map(inline);
}

function inline(n: Inline): AdfNode {
  const v = n.v.replace(/[\r\n]+/g, ' ');
  switch (n.t) {
    case 'text':
    case 'mention': // Jira mentions need account ids, not logins: plain text.
      return { type: 'text', text: v };
    case 'strong':
      return { type: 'text', text: v, marks: [{ type: 'strong' }] };
    case 'code':
      return { type: 'text', text: v, marks: [{ type: 'code' }] };
    case 'link': {
      const href = safeUrl(n.href);
      return href ? { type: 'text', text: v, marks: [{ type: 'link', attrs: { href } }] } : { type: 'text', text: v };
    }
  }
}
