#!/usr/bin/env python3
"""Leak probes: realistic leaked files written for keyward (bench/accuracy/probes/set*.py), values
drawn at random with fixed seeds where Python draws them. Each case is one folder; a case counts as
found when keyward reports anything in it. Negatives (NEGATIVES below) must report nothing.

  python3 bench/accuracy/probes.py [--keyward 'node dist/bin/keyward.mjs']
"""
import argparse, json, os, shlex, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SETS = [('set1', 1), ('set2', 7), ('set3', 1), ('set4', 1), ('set5', 1), ('set6', 1), ('set7', 1), ('set8', 1), ('set9', 1), ('set10', 1), ('set11', 1), ('set12', 1), ('set13', 1), ('set14', 1), ('set15', 1), ('set16', 1), ('set17', 1), ('set18', 1), ('set19', 1), ('set20', 1), ('set21', 1), ('set22', 1), ('set23', 1), ('set24', 1), ('set25', 1), ('set26', 1), ('set27', 1), ('set28', 1), ('set29', 1), ('set30', 1), ('set31', 1), ('set32', 1), ('set33', 1), ('set34', 1), ('set35', 1), ('set36', 1), ('set37', 1), ('set38', 1), ('set39', 1), ('set40', 1), ('set41', 1), ('set42', 1), ('set43', 1), ('set44', 1), ('set45', 1), ('set46', 1), ('set47', 1), ('set48', 1), ('set49', 1), ('set50', 1), ('set51', 1), ('set52', 1), ('set53', 1), ('set54', 1), ('set55', 1)]
NEGATIVES = {'set3': {'e1'}, 'set13': {f'n{i:02d}' for i in range(1, 13)}, 'set14': {f'm{i:02d}' for i in range(1, 13)},
             'set15': {f'n{i:02d}' for i in range(1, 13)}, 'set16': {f'z{i:02d}' for i in range(1, 13)},
             'set17': {f'y{i:02d}' for i in range(1, 13)},
             'set18': {f'x{i:02d}' for i in range(1, 13)}, 'set19': {f'w{i:02d}' for i in range(1, 13)},
             'set20': {f'v{i:02d}' for i in range(1, 13)}, 'set21': {f'u{i:02d}' for i in range(1, 13)},
             'set22': {f't{i:02d}' for i in range(1, 13)}, 'set23': {f's{i:02d}' for i in range(1, 13)},
             'set24': {f'q{i:02d}' for i in range(1, 13)}, 'set25': {f'h{i:02d}' for i in range(1, 13)},
             'set26': {f'm{i:02d}' for i in range(1, 13)}, 'set27': {f'd{i:02d}' for i in range(1, 13)},
             'set28': {f'k{i:02d}' for i in range(1, 13)}, 'set29': {f'g{i:02d}' for i in range(1, 13)},
             'set30': {f'b{i:02d}' for i in range(1, 13)}, 'set31': {f'o{i:02d}' for i in range(1, 13)},
             'set32': {f'l{i:02d}' for i in range(1, 37)},
             'set33': {f'n{i:02d}' for i in range(1, 13)}, 'set34': {f'm{i:02d}' for i in range(1, 13)},
             'set35': {f'b{i:02d}' for i in range(1, 13)}, 'set36': {f'b{i:02d}' for i in range(1, 13)},
             'set37': {f'e{i:02d}' for i in range(1, 13)},
             'set38': {f'n{i:02d}' for i in range(1, 13)}, 'set39': {f'p{i:02d}' for i in range(1, 13)},
             'set40': {f'q{i:02d}' for i in range(1, 13)}, 'set41': {f'r{i:02d}' for i in range(1, 13)},
             'set42': {f's{i:02d}' for i in range(1, 13)}, 'set43': {f't{i:02d}' for i in range(1, 13)},
             'set44': {f'u{i:02d}' for i in range(1, 13)},
             'set45': {f'n{i:02d}' for i in range(1, 13)}, 'set46': {f'p{i:02d}' for i in range(1, 13)},
             'set47': {f'q{i:02d}' for i in range(1, 13)}, 'set48': {f'r{i:02d}' for i in range(1, 13)},
             'set49': {f's{i:02d}' for i in range(1, 13)},
             'set50': {f't{i:02d}' for i in range(1, 13)}, 'set51': {f'u{i:02d}' for i in range(1, 13)},
             'set52': {f'v{i:02d}' for i in range(1, 13)}, 'set53': {f'w{i:02d}' for i in range(1, 13)},
             'set54': {f'x{i:02d}' for i in range(1, 13)}, 'set55': {f'y{i:02d}' for i in range(1, 13)}}
# Held out: scored only with --held-out, once the rules of a stop are written (see bench/README.md).
HELD_OUT = {'set14', 'set19', 'set22', 'set24', 'set26', 'set28', 'set33', 'set38', 'set45'}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument('--keyward', default='node dist/bin/keyward.mjs')
    ap.add_argument('--held-out', action='store_true', help='also score the held-out sets')
    ap.add_argument('--sets', help='comma-separated set names to run (default: all but the held-out)')
    args = ap.parse_args()
    chosen = set(args.sets.split(',')) if args.sets else None
    total_found = total = 0
    for name, seed in SETS:
        if (chosen is not None and name not in chosen) or (chosen is None and name in HELD_OUT and not args.held_out):
            continue
        with tempfile.TemporaryDirectory(prefix=f'keyward-probe-{name}-') as d:
            subprocess.run([sys.executable, os.path.join(HERE, 'probes', f'{name}.py'), str(seed), d], check=True)
            out = os.path.join(d, '..', f'{os.path.basename(d)}.json')
            cmd = shlex.split(args.keyward) + ['scan', d, '--format', 'json', '--no-baseline', '--no-ignore', '-o', out]
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            findings = json.load(open(out))['findings']
            os.remove(out)
            hit = {os.path.relpath(f['file'] if os.path.isabs(f['file']) else os.path.join(d, f['file']), d).split(os.sep)[0] for f in findings}
            cases = sorted(os.listdir(d))
        neg = NEGATIVES.get(name, set())
        pos = [c for c in cases if c not in neg]
        found = [c for c in pos if c in hit]
        missed = [c for c in pos if c not in hit]
        fp = [c for c in neg if c in hit]
        total_found += len(found)
        total += len(pos)
        print(f'{name}: {len(found)}/{len(pos)} found' + (f'; negatives reported {len(fp)}/{len(neg)}' if neg else '') + (f'; missed {missed}' if missed else ''))
    print(f'all: {total_found}/{total} found ({total_found / total:.3f})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
