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
    expect(accelerate(String.raw`\b(?:pat|sat)\.x`)).toBeUndefined();
  });
});
