/** Escaping for XML 1.0 element content and double-quoted attribute values. */

// Characters XML 1.0 cannot carry at all, not even as character references: C0 controls other
// than tab/LF/CR, lone surrogates, U+FFFE and U+FFFF. They are shown as visible escapes instead.
const ILLEGAL_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
};

function legal(s: string): string {
  return s.replace(ILLEGAL_XML, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Element content. CR as a reference so XML end-of-line normalisation keeps it. */
export function xmlText(s: string): string {
  return legal(s).replace(/[&<>\r]/g, (ch) => TEXT_ESCAPES[ch]!);
}

/** Attribute value. Tab/LF/CR as references so attribute-value normalisation keeps them. */
export function xmlAttr(s: string): string {
  return legal(s).replace(/[&<>"'\t\n\r]/g, (ch) => ATTR_ESCAPES[ch]!);
}
