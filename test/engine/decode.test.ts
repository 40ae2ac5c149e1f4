import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { decodeEntities, decodeEscapes, decodePercent, decodeSpan, mostlyText } from '../../src/detect/decode/decoders.js';
import { findEncoded, type EncodedSpan } from '../../src/detect/decode/find-encoded.js';
import { CHUNK_SIZE, OVERLAP, scanBuffer, scanStream } from '../../src/engine/scan-data.js';
import { fakeGenericSecret, randomToken } from '../helpers/fake.js';
import { makeRule, TKN_RULE } from '../helpers/rules.js';
import { filler, pieces } from '../helpers/stream.js';

const tkn = () => `tkn_${randomToken(32)}`;
const GENERIC = makeRule({
  id: 'test-generic',
  kind: 'generic',
  regex: '(?i)(?:secret|password)\\s*[:=]\\s*["\']?([A-Za-z0-9+/=_-]{16,})',
  keywords: ['secret', 'password'],
  entropy: 3,
});
const d = new Detector([TKN_RULE, GENERIC]);
const off = new Detector([TKN_RULE, GENERIC], undefined, { decode: false });
const find = (text: string | Buffer, det = d, path = 'a.txt') => scanBuffer(det, Buffer.isBuffer(text) ? text : Buffer.from(text), path, { showSecrets: true });

const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const hex = (s: string) => Buffer.from(s).toString('hex');
const pct = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
const uesc = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const xesc = (s: string) => [...s].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
const ent = (s: string) => [...s].map((c, i) => (i % 2 ? `&#${c.charCodeAt(0)};` : `&#x${c.charCodeAt(0).toString(16)};`)).join('');

/** Line and 1-based column of `needle`'s first and last+1 character in `text` (ASCII text). */
function spanOf(text: string, needle: string) {
  const at = text.indexOf(needle);
  const pos = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  };
  const s = pos(at);
  const e = pos(at + needle.length);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

describe('each decoder', () => {
  it.each([
    ['base64', (t: string) => b64(`token: ${t}\n`)],
    ['base64', (t: string) => b64url(`{"k":"${t}"}?x=1`)],
    ['hex', (t: string) => hex(`token=${t}`)],
    ['percent', (t: string) => `https://h.example/?q=${pct(`a b&k=${t}`)}`],
    ['escape', (t: string) => uesc(`key ${t}`)],
    ['escape', (t: string) => xesc(`key ${t}`)],
    ['html', (t: string) => ent(`k=${t}`)],
  ])('finds a secret encoded as %s and points at the encoded text', (kind, encode) => {
    const t = tkn();
    const enc = encode(t);
    const text = `line one\n  value = "${enc}" # end\n`;
    const found = find(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'test-tkn', secret: t, decoded: kind, ...spanOf(text, enc) });
    expect(find(text, off)).toHaveLength(0);
  });

  it('decodes percent, escapes and entities exactly', () => {
    expect(decodePercent(Buffer.from('a%2Fb%3d%zz%4')).toString()).toBe('a/b=%zz%4');
    expect(decodeEscapes(Buffer.from('\\u0041\\x42\\n\\ud83d\\ude00')).toString()).toBe('AB\\n😀');
    expect(decodeEntities(Buffer.from('&#65;&#x42;&amp;&lt;&bogus;')).toString()).toBe('AB&<&bogus;');
  });

  it('decodes escapes byte for byte as a replace over the Latin-1 text and a UTF-8 encoding would', () => {
    // The reference: what the decoder computed before it worked on bytes.
    const reference = (src: Buffer) =>
      Buffer.from(
        src.toString('latin1').replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\\//g, (m, u?: string, x?: string) => (m === '\\/' ? '/' : String.fromCharCode(parseInt(u ?? x!, 16)))),
        'utf8',
      );
    // `/` as an atom: JSON's `\/` escape comes up in every run, not only when a random byte is `/`.
    const atoms = ['\\u', '\\x', '\\', '/', 'd83d', 'D83D', 'de00', 'DFFF', 'dc01', '00e9', '0041', '41', 'ff', 'zz', 'A', 'é', '😀', '\n', ' ', 'q'];
    for (let round = 0; round < 2000; round++) {
      const parts: Buffer[] = [];
      const count = 1 + Math.floor(Math.random() * 14);
      for (let i = 0; i < count; i++) parts.push(Math.random() < 0.1 ? randomBytes(1) : Buffer.from(atoms[Math.floor(Math.random() * atoms.length)]!));
      const src = Buffer.concat(parts);
      expect(decodeEscapes(src).toString('hex'), src.toString('hex')).toBe(reference(src).toString('hex'));
    }
  });

  it('keeps the fingerprint of rule and decoded secret, and redacts as usual', () => {
    const t = tkn();
    const [plain] = scanBuffer(d, Buffer.from(`x ${t}`), 'a', { showSecrets: false });
    const [enc] = scanBuffer(d, Buffer.from(`x ${b64(`v=${t};`)}`), 'a', { showSecrets: false });
    expect(enc!.fingerprint).toBe(plain!.fingerprint);
    expect(enc!.secret).toBe(plain!.secret);
    expect(enc!.secret).not.toContain(t.slice(4, 12));
  });
});

describe('nested encodings', () => {
  it('finds base64 of YAML holding base64 (a Kubernetes Secret in a YAML block, itself encoded)', () => {
    const t = tkn();
    const secretYaml = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ndata:\n  token: ${b64(t)}\n`;
    const outer = b64(secretYaml);
    const text = `values:\n  manifest: ${outer}\n`;
    const found = find(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ secret: t, decoded: 'base64>base64', ...spanOf(text, outer) });
  });

  it('finds a Kubernetes Secret data value inside a YAML block scalar', () => {
    const t = tkn();
    const enc = b64(t);
    const text = `config: |\n  apiVersion: v1\n  kind: Secret\n  data:\n    api-token: ${enc}\n`;
    expect(find(text)).toEqual([expect.objectContaining({ secret: t, decoded: 'base64', ...spanOf(text, enc) })]);
  });

  it('finds percent-encoded text inside base64, and a JSON blob in base64', () => {
    const t = tkn();
    const inner = `redirect=${pct(`https://x.example/cb?auth=${t}`)}&state=1`;
    const enc = b64(inner);
    expect(find(`blob ${enc}\n`)).toEqual([expect.objectContaining({ secret: t, decoded: 'base64>percent' })]);
    const json = b64(JSON.stringify({ service: 'billing', credentials: { token: t } }));
    expect(find(`{"payload": "${json}"}`)).toEqual([expect.objectContaining({ secret: t, decoded: 'base64' })]);
  });

  it('finds hex inside base64', () => {
    const t = tkn();
    const enc = b64(`payload hex ${hex(`t ${t}`)}`);
    expect(find(enc)).toEqual([expect.objectContaining({ secret: t, decoded: 'base64>hex' })]);
  });
});

describe('no double report', () => {
  it('reports a secret that is also there verbatim once, as found verbatim', () => {
    const t = tkn();
    const text = `https://h.example/login?next=%2Fhome%2Fme%3Fa%3D1&key=${t}`;
    const found = find(text);
    expect(found).toHaveLength(1);
    expect(found[0]!.decoded).toBeUndefined();
  });

  it('leaves the user, password and path of a written-out URL encoded (only its query is decoded)', () => {
    const t = tkn();
    const span = (u: string) => decodeSpan(Buffer.from(u), { start: 0, end: u.length, encoding: 'percent' })?.toString();
    expect(span(`db://svc:${pct('p@ss:w/rd')}@${pct('/var/run/db.sock')}`)).toBeUndefined();
    expect(span(`db://svc:p%40ss@host/d%2Fb?opt=${pct('a=b&c')}`)).toBe('db://svc:p%40ss@host/d%2Fb?opt=a=b&c');
    expect(span(pct('https://x.example/?a=1'))).toBe('https://x.example/?a=1');
    const found = find(`https://h.example/${pct('a/b')}?next=${pct(`/cb?key=${t}`)}`);
    expect(found).toEqual([expect.objectContaining({ secret: t, decoded: 'percent' })]);
  });

  it('reports a generic match of a percent-encoded value once', () => {
    const s = fakeGenericSecret(24);
    const text = `password=${s}%21%40%23`;
    const found = find(text);
    expect(found).toHaveLength(1);
    expect(found[0]!.ruleId).toBe('test-generic');
  });

  it('prefers the decoded specific secret over a generic match of the encoded text', () => {
    const t = tkn();
    const enc = b64(`tok ${t}`);
    const found = find(`secret = "${enc}"`);
    expect(found).toEqual([expect.objectContaining({ ruleId: 'test-tkn', secret: t, decoded: 'base64' })]);
  });

  it('honours an allow marker on the line of the encoded text', () => {
    expect(find(`${b64(`tok ${tkn()}`)} # keyward:allow`)).toHaveLength(0);
  });
});

describe('look-alikes that are not reported', () => {
  const prose = 'The quick brown fox jumps over the lazy dog while the secret garden stays quiet. ';
  it.each([
    ['base64 of random binary', () => randomBytes(300).toString('base64')],
    ['base64 of prose with no secret', () => b64(prose.repeat(3))],
    ['hex SHA-256 digests', () => createHash('sha256').update(randomBytes(8)).digest('hex')],
    ['percent-encoded URL with no secret', () => `https://h.example/search?q=${pct('what is a good password manager')}&lang=en`],
    ['HTML with entities and no secret', () => `<p title="&quot;Tom&quot; &amp; &#74;erry">&lt;b&gt;hi&lt;/b&gt; &copy; 2024</p>`],
    ['an integrity hash', () => `"integrity": "sha512-${randomBytes(64).toString('base64')}"`],
    ['a data: URI of an image', () => `url(data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(200)]).toString('base64')})`],
  ])('%s', (_name, make) => {
    const text = `x = "${make()}"\n`;
    expect(find(text)).toHaveLength(0);
  });

  it('does not decode identifiers, paths or hashes at all', () => {
    const spans = findEncoded(Buffer.from('const someVeryLongIdentifierNameForTesting = require("lib/path/to/some/module_name_here");\n'));
    expect(spans).toEqual([]);
    expect(findEncoded(Buffer.from(createHash('sha256').update('x').digest('hex')))).toEqual([]);
  });

  it('tells text from binary', () => {
    expect(mostlyText(Buffer.from(prose))).toBe(true);
    expect(mostlyText(randomBytes(64))).toBe(false);
  });
});

describe('keys split over joined string literals', () => {
  // Each joiner with the token cut where its first or its last piece is the long one.
  it.each([
    ['+ on one line (Java, JS, C#)', (a: string, b: string) => `String k = "${a}" + "${b}";`],
    ['+ at the end of a line', (a: string, b: string) => `const k = '${a}' +\n    '${b}';`],
    ['+ at the start of the next line', (a: string, b: string) => `PYPI_TOKEN = (\n    "${a}"\n    + "${b}"\n)`],
    ["Python's and C's implicit concatenation", (a: string, b: string) => `TOKEN = (\n    "${a}"\n    "${b}"\n)`],
    ["PHP's and Perl's .", (a: string, b: string) => `$k = '${a}' .\n  '${b}';`],
    ["Lua's ..", (a: string, b: string) => `local k = "${a}" .. "${b}"`],
    ["VB's &", (a: string, b: string) => `Dim k = "${a}" & _\n  "${b}"`.replace(' _', '')],
    ["SQL's ||", (a: string, b: string) => `SELECT '${a}' || '${b}';`],
    ["the shell's adjacent quotes", (a: string, b: string) => `TOKEN="${a}""${b}"`],
    ["Fortran's // with & continuations", (a: string, b: string) => `  character(len=*), parameter :: token = &\n       '${a}' // &\n       '${b}'`],
  ])('joins pieces over %s and points at the first piece', (_name, write) => {
    for (const cut of [5 + Math.floor(Math.random() * 6), 26 + Math.floor(Math.random() * 6)]) {
      const t = tkn();
      const text = `first line\n${write(t.slice(0, cut), t.slice(cut))}\n`;
      const found = find(text);
      expect(found.map((f) => f.secret)).toEqual([t]);
      const quote = text.indexOf(t.slice(0, cut)) - 1; // the span starts at the first piece's opening quote
      const before = text.slice(0, quote).split('\n');
      expect(found[0]).toMatchObject({ ruleId: 'test-tkn', decoded: 'joined', line: before.length, column: before[before.length - 1]!.length + 1 });
      expect(find(text, off)).toHaveLength(0);
    }
  });

  it('joins a key cut into pieces all shorter than 24 (one of 16 or more)', () => {
    for (const cut of [16, 18, 20]) {
      const t = tkn(); // 36 characters: pieces of 16-20 and 16-20
      const found_ = find(`private static final String KEY = "${t.slice(0, cut)}"\n        + "${t.slice(cut)}";\n`);
      expect(found_.map((f) => [f.secret, f.decoded])).toEqual([[t, 'joined']]);
    }
  });

  it('joins nothing around runs shorter than 16, and finds nothing in joined words', () => {
    const t = tkn();
    expect(find(`k = "${t.slice(0, 12)}" + "${t.slice(12, 24)}" + "${t.slice(24)}"\n`)).toEqual([]);
    expect(find(`label = "customer_account_" + "settings_page_title"\n`)).toEqual([]);
  });

  it.each([
    ['JS: [...].join("")', (p: string[]) => `const TOKEN = [${p.map((x) => `"${x}"`).join(', ')}].join("");`],
    ['a name joined further on', (p: string[]) => `// split for the hook\nconst PARTS = [${p.map((x) => `'${x}'`).join(',\n  ')}];\nconst client = new Client({\n  auth: PARTS.join(''),\n});`],
    ["Python: ''.join([...])", (p: string[]) => `TOKEN = ''.join([${p.map((x) => `'${x}'`).join(', ')}])`],
    ["PHP: implode('', [...])", (p: string[]) => `$token = implode('', [${p.map((x) => `'${x}'`).join(', ')}]);`],
    ['Go: strings.Join([]string{...}, "")', (p: string[]) => `token := strings.Join([]string{${p.map((x) => `"${x}"`).join(', ')}}, "")`],
    ['Rust: concat!(...)', (p: string[]) => `const TOKEN: &str = concat!(\n${p.map((x) => `    "${x}",\n`).join('')});`],
    ['C#: string.Join(string.Empty, new[] {...})', (p: string[]) => `var t = string.Join(string.Empty, new[]\n{\n${p.map((x) => `    "${x}",\n`).join('')}});`],
    ['C#: string.Concat(...)', (p: string[]) => `var t = string.Concat(${p.map((x) => `"${x}"`).join(', ')});`],
    ['C#: a new string[] joined further on', (p: string[]) => `string[] parts = new string[] { ${p.map((x) => `"${x}"`).join(', ')} };\nvar t = string.Join("", parts);`],
    ['Java: String.join("", PARTS)', (p: string[]) => `static final String[] PARTS = {${p.map((x) => `"${x}"`).join(', ')}};\nString t = String.join("", PARTS);`],
  ])('joins an array of pieces joined with nothing: %s', (_name, write) => {
    const t = tkn();
    const cuts = [9, 16 + Math.floor(Math.random() * 4)];
    const pieces = [t.slice(0, cuts[0]), t.slice(cuts[0], cuts[1]), t.slice(cuts[1])];
    const found_ = find(`${write(pieces)}\n`);
    expect(found_.map((f) => [f.secret, f.decoded])).toEqual([[t, 'joined']]);
  });

  it('joins an array with the separator it is joined with', () => {
    const body = randomToken(32);
    const found_ = find(`const K = ['tkn', '${body.slice(0, 16)}${body.slice(16)}'].join('_');\n`);
    expect(found_.map((f) => f.secret)).toEqual([`tkn_${body}`]);
  });

  it('does not join an array that is not joined, or joined with a comma', () => {
    const t = tkn();
    const [a, b] = [t.slice(0, 18), t.slice(18)];
    const notJoined = [
      `const parts = ["${a}", "${b}"];`,
      `const k = ["${a}", "${b}"].join(",");`,
      `call("${a}", "${b}");`,
      `var parts = new[] { "${a}", "${b}" };\nvar t = string.Join(",", parts);`,
      `var t = string.Format("{0}", "${a}", "${b}");`,
    ];
    for (const text of notJoined) {
      expect(find(`${text}\n`)).toEqual([]);
    }
  });

  it('joins three pieces, and carries the name before the first piece to rules that need it', () => {
    const named = new Detector([makeRule({ id: 'test-named', regex: 'ledgerKey = "([A-Za-z0-9]{60})"', keywords: ['ledgerkey'] })]);
    const t = randomToken(60);
    const text = `ledgerKey = "${t.slice(0, 25)}" +\n  "${t.slice(25, 40)}" +\n  "${t.slice(40)}";\n`;
    expect(find(text, named).map((f) => [f.secret, f.decoded, f.line])).toEqual([[t, 'joined', 1]]);
  });

  it('carries the line before when the first piece opens its line, without its continuation mark', () => {
    const named = new Detector([makeRule({ id: 'test-named', regex: 'ledgerKey = "([A-Za-z0-9]{60})"', keywords: ['ledgerkey'] })]);
    const t = randomToken(60);
    for (const head of ['ledgerKey = (', 'ledgerKey = &', 'ledgerKey = \\']) {
      const text = `${head}\n    "${t.slice(0, 30)}"\n    "${t.slice(30)}"\n)\n`;
      expect(find(text, named).map((f) => [f.secret, f.decoded, f.line])).toEqual([[t, 'joined', 2]]);
    }
  });

  it('carries at most 160 bytes of a long line before the first piece (minified code)', () => {
    const t = tkn();
    const head = `${'x=1;'.repeat(5000)}var k = `;
    const data = Buffer.from(`${head}"${t.slice(0, 28)}" + "${t.slice(28)}";\n`);
    const span = findEncoded(data).find((x) => x.encoding === 'joined')!;
    const text = decodeSpan(data, span)!.toString();
    expect(text.length).toBeLessThanOrEqual(160 + 1 + t.length + 1);
    expect(text.endsWith(`var k = "${t}"`)).toBe(true);
    expect(find(data.toString()).map((f) => f.secret)).toEqual([t]);
  });

  it('does not join arguments, pieces a blank line apart or an unclosed literal', () => {
    const t = tkn();
    const [a, b] = [t.slice(0, 28), t.slice(28)];
    for (const text of [`call("${a}", "${b}")`, `k = "${a}" +\n\n  "${b}"`, `k = "${a}" + "${b}\n`, `k = "${a}" - "${b}"`]) {
      expect(find(`${text}\n`)).toEqual([]);
    }
  });
});

describe('native and JavaScript passes', () => {
  it('find the same runs and escaped strings (the native addon when built, else twice the JavaScript)', () => {
    const parts = ['const x = ', 'QUJD', '%41', '\\u0041', '\\x4', '&#65;', '&amp;', '&&', ' ', '\n', '"', '_', '-', '+', '/', '='];
    for (let round = 0; round < 20; round++) {
      const pieces: string[] = [];
      for (let i = 0; i < 400; i++) {
        const r = randomBytes(1)[0]!;
        const text = () => Buffer.from(`k=${randomToken(1 + (r % 40))}`).toString(r % 2 ? 'base64' : 'hex');
        pieces.push(r < 40 ? randomBytes(1 + (r % 30)).toString('base64') : r < 80 ? text() : parts[r % parts.length]!);
      }
      // An odd offset into a larger buffer: the word-aligned reads must not care.
      const data = Buffer.concat([Buffer.from('x'), Buffer.from(pieces.join(''))]).subarray(1);
      const key = (o: EncodedSpan[]) => o.map((x) => `${x.start}-${x.end}-${x.encoding}`).sort();
      expect(key(findEncoded(data, true))).toEqual(key(findEncoded(data, false)));
    }
  });
});

describe('short and empty views', () => {
  it('an empty or short view at an odd offset is nothing, in both passes (a history blob of 0 bytes once crashed the JavaScript pass)', () => {
    const big = Buffer.from(`x${'QUJD'.repeat(20)}`);
    for (const [s, e] of [[1, 1], [1, 2], [1, 24], [big.length, big.length], [3, 3]] as const) {
      const view = big.subarray(s, e);
      expect(findEncoded(view, false)).toEqual(findEncoded(view, true));
    }
    expect(findEncoded(big.subarray(1, 1), false)).toEqual([]);
  });
});

describe('streamed windows', () => {
  it.each([-300, -10, 0, 5, OVERLAP - 200])('decodes an encoded span at window boundary %+d once, at its place', async (delta) => {
    const data = filler(CHUNK_SIZE * 2 + 1000);
    const t = tkn();
    const enc = b64(`secret token ${t} end`);
    data.write(`\n${enc}\n`, CHUNK_SIZE + delta - 1);
    const streamed = await scanStream(d, pieces(data), 'big.txt', { showSecrets: true });
    const whole = scanBuffer(d, data, 'big.txt', { showSecrets: true });
    expect(streamed.findings).toHaveLength(1);
    expect(streamed.findings).toEqual(whole);
    expect(streamed.findings[0]).toMatchObject({ secret: t, decoded: 'base64' });
    const lineOf = data.subarray(0, data.indexOf(enc)).toString('latin1').split('\n').length;
    expect(streamed.findings[0]!.line).toBe(lineOf);
  }, 300_000);
});
