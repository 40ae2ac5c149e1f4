import { describe, it } from 'vitest';
import { plausible, randomFrom, randomToken } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Signing and encryption keys passed to JWT, HMAC and cipher calls, JWT settings objects, Google
// app passwords and hand-chosen secrets in env files: values drawn at random on every run,
// negatives that look alike. The shipped pack, through a scan's detector.
const { expectSecret, expectNothing } = shippedPack();
const RUNS = runs(15);

/** A key: letters with digits inside. */
const key = (n = 24) => plausible(() => `${randomToken(n - 8)}${randomFrom('0123456789', 3)}${randomToken(5)}`);
const words = ['harbor', 'lantern', 'falcon', 'meadow', 'onyx', 'tundra', 'quarry', 'sorrel'];
/** A secret a person chooses: two words and digits. */
const chosen = () => `${words[Math.floor(Math.random() * words.length)]}_${words[Math.floor(Math.random() * words.length)]}${randomFrom('0123456789', 3)}`;

describe('keys in crypto calls', () => {
  it('finds the key argument of JWT, HMAC and cipher calls in JS, Python, Go, Java, PHP and C#', () => {
    for (let i = 0; i < RUNS; i++) {
      const k = key();
      const k16 = key(16);
      expectSecret(`const token = jwt.sign({ id: user.id }, '${k}', { expiresIn: '1h' });\n`, 'auth.js', k, 'crypto-key-literal');
      expectSecret(`payload = jwt.decode(token, '${k}', algorithms=['HS256'])\n`, 'verify.py', k, 'crypto-key-literal');
      expectSecret(`JWT.encode(payload, '${k}', 'HS256')\n`, 'token.rb', k, 'crypto-key-literal');
      expectSecret(`const sig = crypto.createHmac('sha256', '${k}').update(body).digest('hex');\n`, 'sign.js', k, 'crypto-key-literal');
      expectSecret(`mac := hmac.New(sha256.New, []byte("${k}"))\n`, 'hmac.go', k, 'crypto-key-literal');
      expectSecret(`SecretKeySpec key = new SecretKeySpec("${k16}".getBytes(), "AES");\n`, 'Crypto.java', k16, 'crypto-key-literal');
      expectSecret(`cipher = AES.new(b'${k16}', AES.MODE_CBC, iv)\n`, 'aes.py', k16, 'crypto-key-literal');
      expectSecret(`$enc = openssl_encrypt($data, 'AES-256-CBC', '${k}', 0, $iv);\n`, 'enc.php', k, 'crypto-key-literal');
      expectSecret(`var signingKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("${k}"));\n`, 'Startup.cs', k, 'crypto-key-literal');
      expectSecret(`var jwtKey = []byte("${k}")\n`, 'main.go', k, 'crypto-key-literal');
      expectSecret(`{\n  "Jwt": {\n    "Key": "${k}",\n    "Issuer": "acme"\n  }\n}\n`, 'appsettings.json', k, 'jwt-settings-key');
    }
  });

  it('not a variable, an environment lookup, a placeholder or a call without a key', () => {
    for (const [text, path] of [
      ['const token = jwt.sign({ id: user.id }, process.env.JWT_SECRET, { expiresIn: "1h" });\n', 'auth.js'],
      ["const token = jwt.sign({ id: user.id }, 'your-jwt-secret', { expiresIn: '1h' });\n", 'auth.js'],
      ['cipher = AES.new(key, AES.MODE_CBC, iv)\n', 'aes.py'],
      ['mac := hmac.New(sha256.New, []byte(secret))\n', 'hmac.go'],
      ['payload = jwt.decode(token, options={"verify_signature": False})\n', 'verify.py'],
      // Phrases a test or a doc fills the key with.
      ["return hmac.new(b'mysecretkey', msg)\n", 'test_password.py'],
      [" * const hmac = createHmac('sha256', 'a secret');\n", 'crypto.d.ts'],
      ['"Jwt": { "Key": "${JWT_KEY}", "Issuer": "acme" }\n', 'appsettings.json'],
    ]) expectNothing(text!, path!);
  });
});

describe('app passwords and chosen secrets', () => {
  it('finds Google app passwords as shown (four groups of four) and hand-chosen secrets in env files', () => {
    for (let i = 0; i < RUNS; i++) {
      const app = Array.from({ length: 4 }, () => randomFrom('abcdefghijklmnopqrstuvwxyz', 4)).join(' ');
      expectSecret(`spring.mail.username=alerts@acme.io\nspring.mail.password=${app}\n`, 'application.properties', app, 'google-app-password');
      expectSecret(`EMAIL_HOST_PASSWORD = '${app}'\n`, 'settings.py', app, 'google-app-password');
      const s = chosen();
      expectSecret(`PORT=3000\nJWT_SECRET=${s}\n`, '.env', s, 'env-file-weak-secret');
      expectSecret(`NEXTAUTH_SECRET=${s}\n`, '.env.production', s, 'env-file-weak-secret');
      expectSecret(`{"port": 8080, "jwtSecret": "${s}"}\n`, 'config.json', s, 'config-weak-signing-secret');
      expectSecret(`jwt:\n  issuer: acme\n  secret: ${s}\n`, 'application.yml', s, 'config-weak-signing-secret');
    }
  });

  it('not placeholders, references, files, or a chosen secret in an example env file', () => {
    for (const [text, path] of [
      ['JWT_SECRET=your_jwt_secret_here\n', '.env'],
      ['JWT_SECRET=${JWT_SECRET}\n', '.env'],
      ['JWT_SECRET_FILE=/run/secrets/jwt\n', '.env'],
      [`JWT_SECRET=${chosen()}\n`, '.env.example'],
      ["EMAIL_HOST_PASSWORD = os.environ['EMAIL_HOST_PASSWORD']\n", 'settings.py'],
      ['{"jwtSecret": "${JWT_SECRET}"}\n', 'config.json'],
      ['jwt:\n  secretRef: jwt-secret\n', 'application.yml'],
    ]) expectNothing(text!, path!);
  });
});
