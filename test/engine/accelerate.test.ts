import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { accelerate } from '../../src/detect/accelerate.js';

/** Every match of the accelerated form, checked the way the detector checks it, as [start, end]. */
function acceleratedMatches(source: string, text: string): [number, number][] {
  const acc = accelerate(source);
  if (!acc) throw new Error(`not accelerated: ${source}`);
  const data = Buffer.from(text);
  const re = new RE2(acc.source, 'g');
  const out: [number, number][] = [];
  for (let from = 0; from <= data.length; ) {
    re.lastIndex = from;
    const m = re.exec(data);
    if (!m) break;
    if (acc.boundaryOk(data, m.index)) {
      out.push([m.index, m.index + m[0].length]);
      from = m.index + Math.max(m[0].length, 1);
    } else from = m.index + 1;
  }
  return out;
}

describe('accelerate: a leading boundary before a case-insensitive name', () => {
  const source = String.raw`(?:^|[^A-Za-z])(?i:meraki|ciscomeraki)[\w.\-]{0,30}=([0-9a-f]{8})`;

  it('drops the boundary and keeps the name group as the start', () => {
    expect(accelerate(source)?.source.startsWith('(?i:meraki|ciscomeraki)')).toBe(true);
  });

  it('finds the name at a word start in any case, never inside another word', () => {
    const text = 'MERAKI_KEY=0a1b2c3d\nCAMERAKIT_ID=4e5f6a7b\nx.meraki_key=8c9d0e1f\nmeraki=11223344';
    const found = acceleratedMatches(source, text).map(([s, e]) => text.slice(s, e));
    expect(found).toEqual(['MERAKI_KEY=0a1b2c3d', 'meraki_key=8c9d0e1f', 'meraki=11223344']);
    // The regex with its boundary finds the same places, each one byte earlier (the boundary byte).
    const withBoundary = [...text.matchAll(/(?:^|[^A-Za-z])(?:meraki|ciscomeraki)[\w.-]{0,30}=([0-9a-f]{8})/gi)];
    expect(withBoundary.map((m) => m[0].replace(/^[^A-Za-z]/, ''))).toEqual(found);
  });

  it('leaves a regex alone when no literal follows the boundary', () => {
    expect(accelerate(String.raw`(?:^|[^A-Za-z])(?i)meraki`)).toBeUndefined();
    expect(accelerate(String.raw`\b(?:pat|\.sat)x`)).toBeUndefined();
  });
});

describe('accelerate: a leading \\b before a group of word-character starts', () => {
  /** Every match of `source` as RE2 runs it, boundary and all, as [start, end]. */
  function plainMatches(source: string, text: string): [number, number][] {
    const re = new RE2(source, 'g');
    const data = Buffer.from(text);
    const out: [number, number][] = [];
    for (let m = re.exec(data); m !== null; m = re.exec(data)) {
      out.push([m.index, m.index + m[0].length]);
      if (m[0].length === 0) re.lastIndex++;
    }
    return out;
  }

  const shapes = [
    String.raw`\b((?:AK|AS)[A-Z2-7]{3}|A3T[A-Z0-9][A-Z2-7]{2})`,
    String.raw`\b(?:cx_|dv_mo_)[a-z0-9]{2,4}`,
    String.raw`\b([A-Za-z0-9]{3}_[a-z]{2})`,
    String.raw`\b(?P<tok>k[0-3]_[A-Z]+)`,
    String.raw`\b[\w]{2}\.x`,
  ];

  it.each(shapes)('is accelerated and finds what the regex with its boundary finds: %s', (source) => {
    expect(accelerate(source)).toBeDefined();
    const alphabet = ['AK', 'AS', 'A3T', 'cx_', 'dv_mo_', 'k1_', 'K', 'x', '_', '.', ' ', '-', '/', '7', 'Q', 'é', 'ab', '\n'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const len = 5 + Math.floor(Math.random() * 40);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(Math.random() * alphabet.length)];
      expect(acceleratedMatches(source, text), JSON.stringify(text)).toEqual(plainMatches(source, text));
    }
  });

  it('leaves the boundary in place where a match may start with a non-word character or a folded letter', () => {
    for (const source of [
      String.raw`\b(?:ab|-cd)`, // an alternative starting with punctuation
      String.raw`\b(?:ab)?cd`, // an optional first atom
      String.raw`\b[A-Z.]{3}`, // a class holding punctuation
      String.raw`\b[A-z]{3}`, // a range across kinds holds [ \ ] ^ _ \`
      String.raw`\b(?i:k|s)x`, // under (?i) k and s also match non-word characters
      String.raw`\b(?:ab)x|cd`, // the boundary belongs to the first alternative only
      String.raw`\b\.x`,
    ]) {
      expect(accelerate(source), source).toBeUndefined();
    }
  });
});
