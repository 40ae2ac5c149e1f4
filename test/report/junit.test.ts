import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/formats/junit.js';
import { xmlAttr, xmlText } from '../../src/report/formats/xml-escape.js';
import { CONTROL_PATH, emptyResult, FORMULA_AUTHOR, incompleteResult, ODD_PATH, OPTS, sampleResult } from './fixtures.js';

describe('junit format', () => {
  it('is well-formed XML with one suite, one failing testcase per finding and a completeness case', () => {
    const root = parseXml(renderJunit(sampleResult(), OPTS));
    expect(root.name).toBe('testsuites');
    const suites = children(root, 'testsuite');
    expect(suites).toHaveLength(1);
    const suite = suites[0]!;
    expect(suite.attrs).toMatchObject({ name: 'keyward', tests: '6', failures: '5', errors: '0', skipped: '0', time: '0.340' });
    expect(root.attrs).toMatchObject({ tests: '6', failures: '5', errors: '0' });

    const cases = children(suite, 'testcase');
    expect(cases).toHaveLength(Number(suite.attrs.tests));
    const failing = cases.filter((c) => children(c, 'failure').length > 0);
    expect(failing).toHaveLength(Number(suite.attrs.failures));
    expect(cases.at(-1)!.attrs.name).toBe('scan completeness');
    expect(cases.at(-1)!.children).toEqual([]);

    const input = sampleResult().findings;
    failing.forEach((c, i) => {
      const f = input[i]!;
      expect(c.attrs.name).toBe(`${f.ruleId} at ${f.line}:${f.column}`);
      const failure = children(c, 'failure')[0]!;
      expect(failure.attrs.type).toBe(f.ruleId);
      expect(failure.attrs.message).toContain(f.title);
      expect(failure.attrs.message).toContain(f.secret);
      expect(failure.text).toContain(`fingerprint: ${f.fingerprint}`);
    });
  });

  it('round-trips quotes, markup characters, unicode and newlines in paths and authors', () => {
    const cases = children(children(parseXml(renderJunit(sampleResult(), OPTS)), 'testsuite')[0]!, 'testcase');
    expect(cases[2]!.attrs.classname).toBe(ODD_PATH);
    expect(children(cases[2]!, 'failure')[0]!.attrs.message).toContain(ODD_PATH);
    const history = children(cases[4]!, 'failure')[0]!;
    expect(history.text).toContain(`author: ${FORMULA_AUTHOR} <zoe@example.com>`);
    expect(history.text).toContain('other locations: 2');
    expect(history.text).toContain('pushed: yes (origin)');
  });

  it('replaces characters XML cannot carry with visible escapes', () => {
    const xml = renderJunit(sampleResult(), OPTS);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const cases = children(children(parseXml(xml), 'testsuite')[0]!, 'testcase');
    expect(cases[3]!.attrs.classname).toBe(CONTROL_PATH.replace('\u001b', '\\u001b'));
  });

  it('reports an incomplete scan as an error listing the warnings', () => {
    const suite = children(parseXml(renderJunit(incompleteResult(), OPTS)), 'testsuite')[0]!;
    expect(suite.attrs).toMatchObject({ tests: '6', failures: '5', errors: '1' });
    const completeness = children(suite, 'testcase').at(-1)!;
    const error = children(completeness, 'error')[0]!;
    expect(error.attrs.message).toBe('scan incomplete: 3 files could not be read; secrets in them were not checked');
    expect(error.text).toBe(incompleteResult().warnings.join('\n'));
  });

  it('renders an empty result as one passing testcase', () => {
    const root = parseXml(renderJunit(emptyResult(), { ...OPTS, mode: 'staged' }));
    const suite = children(root, 'testsuite')[0]!;
    expect(suite.attrs).toMatchObject({ tests: '1', failures: '0', errors: '0' });
    const cases = children(suite, 'testcase');
    expect(cases).toHaveLength(1);
    expect(cases[0]!.attrs).toMatchObject({ classname: 'keyward.staged', name: 'scan completeness' });
    expect(cases[0]!.children).toEqual([]);
  });

  it('escapes text and attribute values so that a parser gives them back unchanged', () => {
    const s = `a&b <c> "d" 'e' \t f\r\ng ]]> h`;
    const el = parseXml(`<x a="${xmlAttr(s)}">${xmlText(s)}</x>`);
    expect(el.attrs.a).toBe(s);
    expect(el.text).toBe(s);
    expect(xmlText('\u0000\u0008\ud800x\ufffe')).toBe('\\u0000\\u0008\\ud800x\\ufffe');
    expect(xmlText('🔑')).toBe('🔑');
  });
});

// A minimal XML 1.0 parser for the subset the renderer emits (declaration, elements, attributes,
// text, predefined entities and character references). It throws on anything not well-formed.

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

function parseXml(src: string): XmlElement {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(src)) throw new Error('character not allowed in XML');
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}: ${JSON.stringify(src.slice(i, i + 30))}`);
  };
  const skipWs = (): void => {
    while (i < src.length && /[ \t\r\n]/.test(src[i]!)) i++;
  };
  const expectStr = (s: string): void => {
    if (!src.startsWith(s, i)) fail(`expected ${JSON.stringify(s)}`);
    i += s.length;
  };
  const name = (): string => {
    const m = /^[A-Za-z_:][A-Za-z0-9_:.-]*/.exec(src.slice(i));
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);|&/g, (all, ref: string | undefined) => {
      if (ref === undefined) return fail('bare &');
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (ref in named) return named[ref]!;
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
      if (!m) return fail(`unknown entity ${all}`);
      const code = m[1] ? parseInt(m[1], 16) : Number(m[2]);
      if (code < 0x20 && ![0x9, 0xa, 0xd].includes(code)) return fail(`illegal character reference ${all}`);
      return String.fromCodePoint(code);
    });

  const element = (): XmlElement => {
    expectStr('<');
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const hadWs = /[ \t\r\n]/.test(src[i] ?? '');
      skipWs();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (!hadWs) fail('expected whitespace before attribute');
      const attr = name();
      if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
      skipWs();
      expectStr('=');
      skipWs();
      const quote = src[i];
      if (quote !== '"' && quote !== "'") fail('unquoted attribute');
      const end = src.indexOf(quote!, i + 1);
      if (end < 0) fail('unterminated attribute');
      const raw = src.slice(i + 1, end);
      if (raw.includes('<')) fail('< in attribute');
      // Attribute-value normalisation: literal whitespace characters become spaces.
      el.attrs[attr] = decode(raw.replace(/\r\n|[\t\n\r]/g, ' '));
      i = end + 1;
    }
    for (;;) {
      if (i >= src.length) fail(`unclosed <${el.name}>`);
      if (src.startsWith('</', i)) {
        i += 2;
        if (name() !== el.name) fail(`mismatched </…> for <${el.name}>`);
        skipWs();
        expectStr('>');
        return el;
      }
      if (src[i] === '<') {
        if (/^<[!?]/.test(src.slice(i, i + 2))) fail('comments, CDATA and PIs are not expected');
        el.children.push(element());
        continue;
      }
      const end = src.indexOf('<', i);
      const raw = src.slice(i, end < 0 ? src.length : end);
      if (raw.includes(']]>')) fail(']]> in text');
      el.text += decode(raw.replace(/\r\n?/g, '\n'));
      i += raw.length;
    }
  };

  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(src);
  if (decl) i = decl[0].length;
  skipWs();
  const root = element();
  skipWs();
  if (i !== src.length) fail('content after the root element');
  return root;
}
