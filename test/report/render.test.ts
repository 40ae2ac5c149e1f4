import { describe, expect, it } from 'vitest';
import { useColor } from '../../src/report/color.js';
import { FORMATS, render, type Format } from '../../src/report/render.js';
import { emptyResult, OPTS, sampleResult } from './fixtures.js';

describe('render', () => {
  it('dispatches every format to its own renderer', () => {
    const outputs = FORMATS.map((f) => render(sampleResult(), f, OPTS));
    expect(new Set(outputs).size).toBe(FORMATS.length);
    for (const out of outputs) expect(out.endsWith('\n')).toBe(true);
    expect(render(sampleResult(), 'json', OPTS).trimStart().startsWith('{')).toBe(true);
    expect(render(sampleResult(), 'junit', OPTS).startsWith('<?xml')).toBe(true);
    expect(render(sampleResult(), 'csv', OPTS).startsWith('ruleId,provider,')).toBe(true);
    expect(JSON.parse(render(sampleResult(), 'sarif', OPTS)).version).toBe('2.1.0');
  });

  it('renders an empty result in every format', () => {
    for (const f of FORMATS) expect(render(emptyResult(), f, OPTS).length).toBeGreaterThan(0);
  });

  it('rejects an unknown format', () => {
    expect(() => render(sampleResult(), 'yaml' as Format, OPTS)).toThrow(/unknown output format "yaml"/);
  });
});

describe('useColor', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };

  it('colours a TTY and nothing else by default', () => {
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });

  it('never colours when NO_COLOR has a value, even when forced', () => {
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: 'yes', FORCE_COLOR: '1' })).toBe(false);
  });

  it('ignores an empty NO_COLOR', () => {
    expect(useColor(tty, { NO_COLOR: '' })).toBe(true);
  });

  it('FORCE_COLOR forces colour on a pipe and on a dumb terminal; 0/false force it off', () => {
    expect(useColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: '1', TERM: 'dumb' })).toBe(true);
    expect(useColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('TERM=dumb turns colour off on a TTY', () => {
    expect(useColor(tty, { TERM: 'dumb' })).toBe(false);
    expect(useColor(tty, { TERM: 'xterm-256color' })).toBe(true);
  });
});
