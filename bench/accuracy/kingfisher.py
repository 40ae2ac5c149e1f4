#!/usr/bin/env python3
"""Recall on the `examples` (and false positives on the `negative_examples`) of Kingfisher's rules
(mongodb/kingfisher, data/rules/*.yml): a third public example set, measured only (never copied
into patterns/ or test/). Each example becomes one file; an example counts as found when keyward
reports anything in its file. Rules that name an identifier rather than a credential (a name with
ID, public key, recipient, URL, endpoint, hostname, username, bucket or organization) are counted
apart, since keyward does not report identifiers.

  python3 bench/accuracy/kingfisher.py --repo /work/.mirror/mongodb+kingfisher/repo [--keyward 'node dist/bin/keyward.mjs'] [--misses F]
"""
import argparse, collections, json, re, subprocess
import yaml
from scan_examples import DEFAULT_KEYWARD, found_indexes

IDENTIFIER = re.compile(r'\b(?:ids?|identifier|public|recipient|urls?|endpoint|hostname|host|username|user name|bucket|organization|org|account number|client id|app id|application id)\b', re.I)


def rules(repo):
    files = subprocess.run(['git', '-C', repo, 'ls-tree', '-r', '--name-only', 'HEAD', 'data/rules'], capture_output=True, text=True, check=True).stdout.split()
    for path in sorted(f for f in files if f.endswith(('.yml', '.yaml'))):
        src = subprocess.run(['git', '-C', repo, 'show', f'HEAD:{path}'], capture_output=True, text=True, check=True).stdout
        try:
            doc = yaml.safe_load(src) or {}
        except yaml.YAMLError:
            continue
        for r in doc.get('rules') or []:
            if isinstance(r, dict) and r.get('id'):
                yield r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--repo', required=True, help='a Kingfisher git directory (fetch github:mongodb/kingfisher)')
    ap.add_argument('--keyward', default=DEFAULT_KEYWARD, help="the command, run in the examples folder (default: this checkout's build)")
    ap.add_argument('--misses', help='write the missed examples and the false positives here as JSON')
    a = ap.parse_args()
    cases = []  # (rule id, identifier?, expected secret?, text)
    for r in rules(a.repo):
        ident = bool(IDENTIFIER.search(str(r.get('name', ''))))
        for ex in r.get('examples') or []:
            cases.append((r['id'], ident, True, str(ex)))
        for ex in r.get('negative_examples') or []:
            cases.append((r['id'], ident, False, str(ex)))
    hit = found_indexes([c[3] for c in cases], a.keyward)
    tally = collections.Counter()
    misses, fps = [], []
    for i, (rid, ident, positive, text) in enumerate(cases):
        found = i in hit
        kind = 'identifier' if ident else 'credential'
        tally[(kind, positive, found)] += 1
        if positive and not found:
            misses.append({'rule': rid, 'kind': kind, 'text': text[:2000]})
        if not positive and found:
            fps.append({'rule': rid, 'kind': kind, 'text': text[:2000]})
    for kind in ('credential', 'identifier'):
        p = tally[(kind, True, True)] + tally[(kind, True, False)]
        n = tally[(kind, False, True)] + tally[(kind, False, False)]
        print(f'kingfisher {kind} rules: {tally[(kind, True, True)]}/{p} examples found ({tally[(kind, True, True)] / max(p, 1):.3f}); '
              f'{tally[(kind, False, True)]}/{n} negatives reported')
    if a.misses:
        json.dump({'misses': misses, 'false_positives': fps}, open(a.misses, 'w'), indent=1)


if __name__ == '__main__':
    main()
