import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { checksummedToken, randomFrom, randomToken } from '../helpers/fake.js';

// Behaviour of the high-leak provider families as a whole (all built-in rules loaded together,
// as a scan runs them): one finding per secret, the right rule, and the structural checks
// (checksums, fixed tail lengths) that no other rule undoes. Every token is drawn at test time.
const rules = loadPack(BUILTIN_PATTERNS_DIR);
const detector = new Detector(rules);
const findings = (text: string, path = 'config.txt') =>
  detector.detect(Buffer.from(text), path).map((m) => ({ id: m.rule.def.id, kind: m.rule.def.kind, secret: m.secret }));

// Letters without vowels or x, so that no draw spells a placeholder word ("xxxx", "dummy").
const CONSONANTS = 'BCDFGHJKLMNPQRSTVWYZbcdfghjklmnpqrstvwyz0123456789';
const B64 = `${CONSONANTS}+/`;
const B64URL = `${CONSONANTS}_-`;
const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const UPPER = 'BCDFGHJKLMNPQRSTVWYZ0123456789';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const checksummed = (prefix: string, valid: boolean): string => checksummedToken(prefix, valid);

describe('GitHub and npm tokens whose checksum fails', () => {
  const contexts = [
    (t: string) => `GITHUB_TOKEN=${t}`,
    (t: string) => `github_token: "${t}"`,
    (t: string) => `{"token": "${t}"}`,
    (t: string) => `export NPM_TOKEN=${t}`,
    (t: string) => `//registry.npmjs.org/:_authToken=${t}`,
    (t: string) => `twitter_token = "${t}"`,
    (t: string) => `gitlab_token = "${t}"`,
  ];
  const more = [
    (t: string) => `password: "${t}"`,
    (t: string) => `<password>${t}</password>`,
    (t: string) => `Authorization: token ${t}`,
    (t: string) => `curl -H "Authorization: Bearer ${t}" https://api.github.com/user`,
    (t: string) => `https://ci:${t}@github.com/acme/app.git`,
    (t: string) => `npmAuthToken: "${t}"`,
  ];
  for (const prefix of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_']) {
    it(`${prefix}: reported when valid, by no rule at all (generic ones included) when the checksum fails`, () => {
      for (const ctx of [...contexts, ...more]) {
        expect(findings(ctx(checksummed(prefix, true))).length).toBeGreaterThan(0);
        expect(findings(ctx(checksummed(prefix, false)))).toEqual([]);
      }
    });
  }
});

describe('Sentry organization tokens', () => {
  const token = (tail: number) => {
    const claims = { iat: 1.7e9 + Math.random(), url: `https://${randomFrom(DIGITS, 6)}.sentry.io`, region_url: 'https://us.sentry.io', org: 'acme' };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64').replace(/=+$/, '');
    return `sntrys_${payload}_${randomFrom(B64, tail)}`;
  };
  it('are reported with their 43-character secret and not with 42 or 44', () => {
    expect(findings(`SENTRY_AUTH_TOKEN=${token(43)}`).map((f) => f.id)).toEqual(['sentry-org-auth-token']);
    expect(findings(`SENTRY_AUTH_TOKEN=${token(42)}`).filter((f) => f.id.startsWith('sentry'))).toEqual([]);
    expect(findings(`SENTRY_AUTH_TOKEN=${token(44)}`).filter((f) => f.id.startsWith('sentry'))).toEqual([]);
  });
  it('whose payload is not the documented JSON are not reported', () => {
    const fake = `sntrys_eyJ${randomFrom(B64, 90)}_${randomFrom(B64, 43)}`;
    expect(findings(`SENTRY_AUTH_TOKEN=${fake}`).filter((f) => f.id.startsWith('sentry'))).toEqual([]);
  });
});

describe('Slack tokens of every generation', () => {
  const d = (n: number) => randomFrom(DIGITS, n);
  const cases: [string, string][] = [
    [`xoxb-${d(11)}-${d(13)}-${randomToken(24)}`, 'slack-bot-token'],
    [`xoxb-${d(12)}-${randomToken(24)}`, 'slack-bot-token'],
    [`xoxp-${d(11)}-${d(12)}-${d(13)}-${randomFrom(HEX, 32)}`, 'slack-user-token'],
    [`xoxa-2-${d(12)}-${d(12)}-${d(13)}-${randomFrom(HEX, 32)}`, 'slack-legacy-token'],
    [`xoxs-${d(10)}-${d(11)}-${d(12)}-${randomFrom(HEX, 10)}`, 'slack-legacy-token'],
    [`xoxr-${d(11)}-${d(12)}-${randomToken(40)}`, 'slack-legacy-token'],
    [`xoxe.xoxp-1-${randomFrom(B64URL, 140)}`, 'slack-rotating-access-token'],
    [`xoxe-1-${randomFrom(B64URL, 140)}`, 'slack-refresh-token'],
    [`xoxe-${d(13)}-${d(13)}-${d(13)}-${randomFrom(HEX, 64)}`, 'slack-file-access-token'],
    [`xoxc-${d(12)}-${d(13)}-${d(13)}-${randomFrom(HEX, 64)}`, 'slack-session-token'],
    [`xapp-1-A${randomFrom(UPPER, 10)}-${d(13)}-${randomFrom(HEX, 64)}`, 'slack-app-token'],
    [`https://hooks.slack.com/services/T${randomFrom(UPPER, 10)}/B${randomFrom(UPPER, 10)}/${randomToken(24)}`, 'slack-webhook-url'],
  ];
  it.each(cases)('%s is reported once, by %s', (token, id) => {
    expect(findings(`SLACK_TOKEN="${token}"`).map((f) => f.id)).toEqual([id]);
  });

  it('workspace tokens whose ids repeat digits are reported on their random tail', () => {
    const run = (n: number) => randomFrom('123456789', 1).repeat(n);
    const token = `xoxa-2-${run(10)}-${run(11)}-${run(13)}-${randomFrom(HEX, 18)}`;
    expect(findings(`"access_token": "${token}"`).map((f) => f.id)).toEqual(['slack-legacy-token']);
  });
});

describe('JSON Web Tokens', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = () => b64({ sub: `u-${randomFrom(DIGITS, 6)}`, scope: 'orders:write', iat: 1733400000 });
  const signature = () => randomFrom(B64URL, 43);

  it('signed: reported by jwt, also when one character of the header is damaged', () => {
    const header = b64({ alg: 'RS256', typ: 'JWT' });
    // Replacing the 10th character breaks the header's JSON (`{"alg":` then a stray byte).
    const damaged = `${header.slice(0, 9)}m${header.slice(10)}`;
    expect(() => JSON.parse(Buffer.from(damaged, 'base64url').toString())).toThrow();
    for (const h of [header, damaged]) {
      expect(findings(`id_token: ${h}.${claims()}.${signature()}`).map((f) => f.id)).toEqual(['jwt']);
    }
  });

  it('a header that is not JOSE-shaped, or JSON without alg, is not a token', () => {
    const notJose = Buffer.from(`{"k${randomFrom(CONSONANTS, 20)}`).toString('base64url');
    expect(findings(`claims ${notJose}.${claims()}.${signature()}`)).toEqual([]);
    expect(findings(`claims ${b64({ kid: 'k1' })}.${claims()}.${signature()}`)).toEqual([]);
  });

  it('unsigned (alg none, empty signature) with claims: reported by jwt-unsigned; without claims or with a real alg: not', () => {
    const none = b64({ alg: 'none' });
    const token = `${none}.${claims()}.`;
    expect(findings(`Authorization: Bearer ${token}`)).toEqual([{ id: 'jwt-unsigned', kind: 'api-token', secret: token }]);
    const jwtIds = (text: string) => findings(text).map((f) => f.id).filter((id) => id.startsWith('jwt'));
    expect(jwtIds(`token = "${none}.${b64({})}."`)).toEqual([]);
    expect(jwtIds(`token = "${b64({ alg: 'HS256', typ: 'JWT' })}.${claims()}."`)).toEqual([]);
  });
});

describe('Microsoft Teams incoming webhooks', () => {
  it('are reported whatever the case of their ids', () => {
    const guid = () => [8, 4, 4, 4, 12].map((n) => randomFrom(HEX, n)).join('-');
    const url = `https://contoso.webhook.office.com/webhookb2/${guid()}@${guid()}/IncomingWebhook/${randomFrom(HEX, 32)}/${guid()}`;
    for (const u of [url, url.toUpperCase().replace('HTTPS://CONTOSO.WEBHOOK.OFFICE.COM/WEBHOOKB2', 'https://contoso.webhook.office.com/webhookb2').replace('/INCOMINGWEBHOOK/', '/IncomingWebhook/')]) {
      expect(findings(`TEAMS_WEBHOOK=${u}`).map((f) => f.id)).toEqual(['microsoft-teams-webhook-url']);
    }
  });
});

describe('AWS secret access keys in the places they are written', () => {
  const id = () => `AKIA${randomFrom(BASE32, 16)}`;
  // The rule wants a random mix of cases (a fifth each); draw until the fake key has one.
  const awsSecret = (): string => {
    for (;;) {
      const s = randomFrom(B64, 40);
      if ((s.match(/[A-Z]/g) ?? []).length >= 10 && (s.match(/[a-z]/g) ?? []).length >= 10) return s;
    }
  };
  const contexts = [
    (s: string) => `[default]\naws_access_key_id = ${id()}\naws_secret_access_key = ${s}\n`,
    (s: string) => `{"AccessKeyId": "${id()}", "SecretAccessKey": "${s}"}`,
    (s: string) => `aws:\n  secret_access_key: ${s}\n`,
    (s: string) => `aws configure set aws_secret_access_key ${s}`,
    (s: string) => `export AWS_SECRET_ACCESS_KEY="${s}"`,
    (s: string) => `User name,Password,Access key ID,Secret access key\nci,,${id()},${s}\n`,
    (s: string) => `provider "aws" {\n  access_key = "${id()}"\n  secret_key = "${s}"\n}\n`,
  ];
  it('are reported once per secret', () => {
    for (const ctx of contexts) {
      const secret = awsSecret();
      const hits = findings(ctx(secret)).filter((f) => f.secret === secret);
      expect(hits.length).toBe(1);
      expect(hits[0]?.id).toMatch(/^aws-/);
    }
  });

  it("boto's gs_secret_access_key is a Google Cloud Storage HMAC secret, not an AWS key", () => {
    for (let i = 0; i < 10; i++) {
      const secret = awsSecret();
      const boto = `[Credentials]\ngs_access_key_id = GOOG1E${randomFrom(UPPER, 55)}\ngs_secret_access_key = ${secret}\n`;
      expect(findings(boto).filter((f) => f.secret === secret).map((f) => f.id)).toEqual(['boto-gs-secret']);
      // Other names that end in secret_access_key stay AWS (S3-compatible stores use them too).
      for (const name of ['secret_access_key', 'S3_SECRET_ACCESS_KEY', 'minioSecretAccessKey', 'boss_secret_access_key', 'xs_secret_access_key'])
        expect(findings(`${name} = ${secret}\n`).map((f) => f.id), name).toEqual(['aws-secret-access-key']);
    }
  });
});

describe('AWS access key ids', () => {
  const id = () => `AKIA${randomFrom(BASE32, 16)}`;
  it('are reported alone, in a URL path or a config, not where they open a SigV4 credential scope', () => {
    for (let i = 0; i < 10; i++) {
      const key = id();
      for (const text of [`AWS_ACCESS_KEY_ID=${key}`, `s3://bucket/${key}/x`, `aws_access_key_id: "${key}"`, `${key}/readme`])
        expect(findings(text).map((f) => f.secret), text).toEqual([key]);
      const date = `2025${randomFrom('01', 1)}${randomFrom('123456789', 1)}1${randomFrom('0123456789', 1)}`;
      const presigned = `https://b.s3.amazonaws.com/o?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${key}%2F${date}%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=${randomFrom(HEX, 64)}`;
      const header = `Authorization: AWS4-HMAC-SHA256 Credential=${key}/${date}/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=${randomFrom(HEX, 64)}`;
      expect(findings(presigned)).toEqual([]);
      expect(findings(header)).toEqual([]);
    }
  });
});

describe('Azure identifiable keys', () => {
  it('inside a connection string are reported once, by the identifiable-key rule', () => {
    const storage = `${randomFrom(B64, 76)}+ASt${randomFrom(B64, 5)}Q==`;
    const conn = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${storage};EndpointSuffix=core.windows.net`;
    expect(findings(conn).map((f) => f.id)).toEqual(['azure-storage-identifiable-key']);
    const bus = `${randomFrom(B64, 33)}+ASbC${randomFrom(B64, 5)}=`;
    const sb = `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${bus}`;
    expect(findings(sb).map((f) => f.id)).toEqual(['azure-messaging-identifiable-key']);
  });
  it('84-character DevOps tokens need no keyword nearby', () => {
    const pat = `${randomToken(52)}JQQJ99BF${randomToken(16)}AZDO${randomToken(4)}`;
    expect(findings(`x = "${pat}"`).map((f) => f.id)).toEqual(['azure-devops-pat-v2']);
  });
});

describe('Telegram bot tokens', () => {
  it('in a TELEGRAM_ variable are reported once', () => {
    const token = `${randomFrom(DIGITS, 10)}:AA${randomFrom(B64URL, 33)}`;
    expect(findings(`TELEGRAM_BOT_TOKEN=${token}`).map((f) => f.id)).toEqual(['telegram-bot-token']);
  });
});

describe('Atlassian Data Center personal access tokens', () => {
  const pat = (id: string) => {
    for (;;) {
      const raw = Buffer.concat([Buffer.from(`${id}:`), Buffer.from(randomFrom(B64, 20))]);
      const token = raw.toString('base64').slice(0, 44);
      if (!/xxxx/i.test(token)) return token;
    }
  };
  it('are reported once when they decode to a numeric token id, never when they do not', () => {
    for (const name of ['JIRA_PAT', 'BITBUCKET_TOKEN', 'confluence_token']) {
      expect(findings(`${name}=${pat(randomFrom(DIGITS, 12))}`).map((f) => f.id)).toEqual(['atlassian-datacenter-pat']);
      const notPat = findings(`${name}=${pat(randomFrom('BCDFGHJKLMNPQRSTVWYZ', 12))}`).filter((f) => f.id === 'atlassian-datacenter-pat');
      expect(notPat).toEqual([]);
    }
  });
});

describe('Fly.io macaroons', () => {
  const body = () => randomFrom(B64, 140);
  it.each(['fm1r_', 'fm1a_', 'fm2_'])('%s tokens are reported with or without the FlyV1 scheme', (prefix) => {
    const token = `${prefix}${body()}`;
    expect(findings(`FLY_API_TOKEN="FlyV1 ${token}"`).map((f) => [f.id, f.secret])).toEqual([['flyio-macaroon-token', `FlyV1 ${token}`]]);
    expect(findings(`FLY_API_TOKEN="${token}"`).map((f) => [f.id, f.secret])).toEqual([['flyio-macaroon-token', token]]);
  });

  it('a short body or another fm prefix is not a macaroon', () => {
    const ids = (text: string) => findings(text).map((f) => f.id).filter((id) => id.startsWith('flyio'));
    expect(ids(`FLY_API_TOKEN="fm2_${randomFrom(B64, 40)}"`)).toEqual([]);
    expect(ids(`FLY_API_TOKEN="fm3x_${body()}"`)).toEqual([]);
  });
});

describe('provider names written in parts', () => {
  // A Go declaration: the generic rules take no `var x string =` form, so only the provider's
  // name selects the value.
  it.each(['message-birdToken', 'MESSAGE_BIRD_KEY', 'bintrayToken'])('var %s string = "..." is a provider-context token', (name) => {
    const value = randomFrom(`${HEX}${DIGITS}`, 30);
    expect(findings(`var ${name} string = "${value}"`).map((f) => [f.id, f.secret])).toEqual([['provider-context-token', value]]);
  });
});

describe('provider context rules in prose', () => {
  // "<provider> <credential word>" with a blank between them, as notes and READMEs write it.
  it.each(['Twilio auth token: ', 'twilio token = ', 'TWILIO API KEY=', 'twilio_secret = '])('%s<32 hex> is a Twilio auth token', (lead) => {
    const value = randomFrom(HEX, 32);
    expect(findings(`${lead}${value}\n`).map((f) => [f.id, f.secret])).toContainEqual(['twilio-auth-token', value]);
  });

  it('a word other than a credential between them is not the token’s name', () => {
    expect(findings(`twilio account sid = AC${randomFrom(HEX, 32)}\n`).filter((f) => f.id === 'twilio-auth-token')).toEqual([]);
  });
});

describe('MongoDB Atlas service account secrets and PostHog keys', () => {
  it('mdb_sa_sk_ and 40 URL-safe characters is a service account secret, the mdb_sa_id_ client id is not', () => {
    const secret = `mdb_sa_sk_${randomFrom(B64URL, 40)}`;
    const id = `mdb_sa_id_${randomFrom(HEX, 24)}`;
    expect(findings(`ATLAS_CLIENT_ID=${id}\nATLAS_CLIENT_SECRET=${secret}\n`).map((f) => [f.id, f.secret])).toEqual([['mongodb-atlas-service-account-secret', secret]]);
    expect(findings(`ATLAS_CLIENT_SECRET=mdb_sa_sk_${randomFrom(B64URL, 39)}\n`).filter((f) => f.id === 'mongodb-atlas-service-account-secret')).toEqual([]);
  });

  it('PostHog personal keys of 32 and 35 random bytes (43 and 47-48 base62 characters) and phs_ secret keys', () => {
    for (const n of [43, 47, 48]) {
      const key = `phx_${randomFrom(CONSONANTS, n)}`;
      expect(findings(`POSTHOG_PERSONAL_API_KEY=${key}\n`).map((f) => [f.id, f.secret])).toEqual([['posthog-personal-api-key', key]]);
    }
    const secret = `phs_${randomFrom(CONSONANTS, 47)}`;
    expect(findings(`POSTHOG_SECRET_API_KEY=${secret}\n`).map((f) => [f.id, f.secret])).toEqual([['posthog-personal-api-key', secret]]);
  });
});
