"""One keyward scan of many example texts, for the scripts that measure other scanners' example
sets (trufflehog.py, kingfisher.py): each text becomes one file in a temporary folder, keyward
runs there (so no project keyward.toml applies), and the indexes of the texts with a finding come
back."""
import json, os, shlex, subprocess, sys, tempfile

# This checkout's build, whatever folder the script runs from.
DEFAULT_KEYWARD = f'node {os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "dist", "bin", "keyward.mjs"))}'


def found_indexes(texts, keyward):
    """The indexes of `texts` in which keyward (a command line) reports anything; exits on a failed scan."""
    with tempfile.TemporaryDirectory() as d:
        for i, text in enumerate(texts):
            with open(os.path.join(d, f'ex_{i:05d}.txt'), 'w') as f:
                f.write(text)
        out = os.path.join(d, 'report.json')
        r = subprocess.run(shlex.split(keyward) + ['scan', d, '--format', 'json', '--no-baseline', '-o', out], cwd=d, capture_output=True, text=True)
        if r.returncode not in (0, 1) or not os.path.exists(out):
            sys.exit(f'keyward exited {r.returncode} without a report: {r.stderr.strip()[:500]}')
        return {int(os.path.basename(f['file'])[3:8]) for f in json.load(open(out))['findings']}
