#!/usr/bin/env python3
"""Recall on the `valid pattern` inputs of TruffleHog's detector tests: a second public example
set, measured only (never copied into patterns/ or test/). Reads pkg/detectors/**/*_test.go (not
integration tests) from a TruffleHog git directory, rebuilds each test case's input where it is a
string literal, a variable holding one, `+` of those or fmt.Sprintf of those, writes one file per
input in a temporary folder, scans it with keyward and counts the inputs with a finding.

  python3 bench/accuracy/trufflehog.py --repo /work/.mirror/trufflesecurity+trufflehog/repo [--keyward 'node dist/bin/keyward.mjs'] [--misses F]
"""
import argparse, collections, json, os, re, subprocess
from scan_examples import DEFAULT_KEYWARD, found_indexes

STR = r'(?:"(?:[^"\\\n]|\\.)*"|`[^`]*`)'


def unquote(lit):
    if lit.startswith('`'):
        return lit[1:-1]
    try:
        return json.loads(lit)
    except ValueError:
        return None


def evaluate(expr, names):
    expr = expr.strip().rstrip(',')
    m = re.fullmatch(r'fmt\.Sprintf\(\s*(' + STR + r')\s*((?:,\s*[\w.]+\s*)*)\)', expr, re.S)
    if m:
        fmt = unquote(m.group(1))
        args = [names.get(a.strip()) for a in m.group(2).split(',') if a.strip()]
        if fmt is None or any(a is None for a in args):
            return None
        try:
            return re.sub(r'%[sqv]', '%s', fmt.replace('%%', '%%%%')) % tuple(args)
        except (TypeError, ValueError):
            return None
    if re.fullmatch(STR, expr):
        return unquote(expr)
    if re.fullmatch(r'\w+', expr):
        return names.get(expr)
    parts = [evaluate(p, names) for p in expr.split('+')] if '+' in expr else [None]
    return None if any(p is None for p in parts) else ''.join(parts)


def cases(repo):
    files = subprocess.run(['git', '-C', repo, 'ls-tree', '-r', '--name-only', 'HEAD', 'pkg/detectors'], capture_output=True, text=True, check=True).stdout.split()
    for path in sorted(f for f in files if f.endswith('_test.go') and 'integration' not in f):
        src = subprocess.run(['git', '-C', repo, 'show', f'HEAD:{path}'], capture_output=True, text=True, check=True).stdout
        names = {}
        for m in re.finditer(r'(\w+)\s*(?::=|=)\s*(' + STR + r')', src):
            v = unquote(m.group(2))
            if v is not None:
                names.setdefault(m.group(1), v)
        for m in re.finditer(r'name:\s*(' + STR + r')\s*,\s*input:\s*(.+?),\s*\n\s*want\s*:\s*(.*?)\n', src, re.S):
            name = (unquote(m.group(1)) or '').lower()
            if 'invalid' in name or 'not' in name.split() or m.group(3).strip() in ('nil,', '[]string{},', 'nil'):
                continue
            text = evaluate(m.group(2), names)
            if text:
                yield os.path.dirname(path).removeprefix('pkg/detectors/'), text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--repo', required=True, help='a TruffleHog git directory (fetch github:trufflesecurity/trufflehog)')
    ap.add_argument('--keyward', default=DEFAULT_KEYWARD, help="the command, run in the examples folder (default: this checkout's build)")
    ap.add_argument('--misses', help='write the missed inputs (detector, first 2,000 characters) here as JSON')
    a = ap.parse_args()
    all_cases = list(cases(a.repo))
    hit = found_indexes([text for _, text in all_cases], a.keyward)
    per = collections.defaultdict(lambda: [0, 0])
    misses = []
    for i, (det, text) in enumerate(all_cases):
        found = i in hit
        per[det][0] += found
        per[det][1] += 1
        if not found:
            misses.append({"detector": det, "text": text[:2000]})
    n = sum(v[0] for v in per.values())
    dets = sum(1 for v in per.values() if v[0] > 0)
    print(f'trufflehog: {n}/{len(all_cases)} inputs found ({n / len(all_cases):.3f}); {dets}/{len(per)} detectors with one found ({dets / len(per):.3f})')
    if a.misses:
        json.dump(misses, open(a.misses, 'w'), indent=1)


if __name__ == '__main__':
    main()
