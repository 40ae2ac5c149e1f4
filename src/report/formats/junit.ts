import type { Finding, ScanResult } from '../../model/finding.js';
import type { RenderOptions } from '../render.js';
import { incompleteReason } from '../describe.js';
import { xmlAttr as attr, xmlText as text } from './xml-escape.js';

/**
 * JUnit XML for CI test-report views. Layout (one <testsuite name="keyward">):
 *  - one <testcase> per finding, classname = file, name = "rule-id at line:column", holding a
 *    <failure> — so every secret shows up as its own failed test;
 *  - one more <testcase name="scan completeness"> that passes when every file/object was read and
 *    carries an <error> (listing the warnings) when the scan is incomplete. It also keeps a clean
 *    report from having zero tests, which several CI systems treat as a broken report.
 * tests = findings + 1, failures = findings, errors = 0 or 1.
 */
export function renderJunit(result: ScanResult, opts: RenderOptions): string {
  const { findings, stats } = result;
  const incomplete = incompleteReason(stats, opts.mode);
  const tests = findings.length + 1;
  const failures = findings.length;
  const errors = incomplete ? 1 : 0;
  const time = (stats.durationMs / 1000).toFixed(3);
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}"`;

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="keyward" ${counts} time="${time}">`,
    `  <testsuite name="keyward" ${counts} skipped="0" time="${time}">`,
    '    <properties>',
    `      <property name="keyward.version" value="${attr(opts.toolVersion)}"/>`,
    `      <property name="keyward.mode" value="${attr(opts.mode)}"/>`,
    '    </properties>',
  ];
  for (const f of findings) {
    out.push(
      `    <testcase classname="${attr(f.file)}" name="${attr(`${f.ruleId} at ${f.line}:${f.column}`)}" time="0">`,
      `      <failure message="${attr(failureMessage(f))}" type="${attr(f.ruleId)}">${text(failureDetail(f))}</failure>`,
      '    </testcase>',
    );
  }
  const suiteClass = attr(`keyward.${opts.mode}`);
  if (incomplete) {
    out.push(
      `    <testcase classname="${suiteClass}" name="scan completeness" time="0">`,
      `      <error message="${attr(incomplete)}" type="incomplete">${text(result.warnings.join('\n'))}</error>`,
      '    </testcase>',
    );
  } else {
    out.push(`    <testcase classname="${suiteClass}" name="scan completeness" time="0"/>`);
  }
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}

function failureMessage(f: Finding): string {
  return `${f.risk} ${f.title} (${f.ruleId}) in ${f.file}:${f.line}:${f.column}: ${f.secret}`;
}

function failureDetail(f: Finding): string {
  const lines = [
    `rule: ${f.title} (${f.ruleId})`,
    `provider: ${f.provider}`,
    `kind: ${f.kind}`,
    `confidence: ${f.confidence}`,
    `risk: ${f.risk}`,
    `location: ${f.file}:${f.line}:${f.column}`,
    `secret: ${f.secret}`,
    `fingerprint: ${f.fingerprint}`,
  ];
  if (f.commit) lines.push(`commit: ${f.commit}`);
  if (f.author || f.email) lines.push(`author: ${[f.author, f.email && `<${f.email}>`].filter(Boolean).join(' ')}`);
  if (f.date) lines.push(`date: ${f.date}`);
  if (f.pushed !== undefined) lines.push(`pushed: ${f.pushed ? `yes${f.remotes?.length ? ` (${f.remotes.join(', ')})` : ''}` : 'no'}`);
  if (f.locations?.length) lines.push(`other locations: ${f.locations.length}`);
  if (f.revoke) lines.push(`revoke: ${f.revoke}`);
  return lines.join('\n');
}
