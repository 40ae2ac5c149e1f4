"""What every probe set shares: random draws from the seeded `random` module, GitHub/npm-style
checksummed tokens, and writing one folder per case. A set calls `start()` first."""
import os, random, string, sys, zlib

A = string.ascii_letters + string.digits
HEX = '0123456789abcdef'
B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
cases = {}


def start() -> None:
    """Seeds the draws from argv[1] (the set's usage: SEED DIR)."""
    random.seed(int(sys.argv[1]))


def r(n: int, al: str = A) -> str:
    return ''.join(random.choice(al) for _ in range(n))


def hx(n: int) -> str:
    return r(n, HEX)


def ck(prefix: str) -> str:
    """`prefix`, 30 random base62 characters and their CRC-32 in 6 base62 digits (GitHub, npm)."""
    body = r(30)
    v = zlib.crc32(body.encode())
    s = ''
    while v > 0:
        s = B62[v % 62] + s
        v //= 62
    return prefix + body + s.rjust(6, '0')


def add(name: str, text: str) -> None:
    cases[name] = text


def write() -> None:
    """Writes each case under argv[2]: one folder per case, named by its first path part."""
    for name, text in cases.items():
        p = os.path.join(sys.argv[2], name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(text)
