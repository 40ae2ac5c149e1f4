import { randomBytes } from 'node:crypto';
import { countRows, type Inventory, type InventoryRow } from '../../src/inventory/types.js';
import type { Risk, RuleKind } from '../../src/rules/types.js';

const PROVIDERS: Array<[string, RuleKind, Risk]> = [
  ['AWS', 'cloud-credential', 'critical'],
  ['GitHub', 'api-token', 'high'],
  ['Stripe', 'api-token', 'high'],
  ['Slack', 'webhook-secret', 'medium'],
  ['PostgreSQL', 'database-credential', 'high'],
  ['OpenAI', 'ai-service-token', 'critical'],
  ['Generic', 'password', 'medium'],
  ['Generic', 'generic', 'medium'],
  ['SSH', 'private-key', 'high'],
  ['Datadog', 'api-token', 'low'],
];
export const OWNERS = ['@acme/payments', '@acme/platform', '@acme/data', '@acme/web', 'Alice Example', 'Bob Example'];
const DIRS = ['svc/billing', 'infra/terraform', 'deploy/k8s', 'web/src', 'tools', 'etl/jobs'];
const FILES = ['config.yml', 'settings.py', '.env', 'main.tf', 'values.yaml', 'index.ts'];
const DAY = 86_400_000;

/**
 * An inventory of `n` made-up credentials (no secret exists behind any of them) spread over 18
 * months, for the browser tests and the README picture. Deterministic for a seed.
 */
export function syntheticInventory(n: number, seed = 7, now = new Date('2025-07-01T00:00:00Z')): Inventory {
  let x = seed;
  const rnd = (k: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor(x / 65536) % k; // the low bits of this generator repeat with short periods
  };
  const start = Date.parse('2024-01-01T00:00:00Z');
  const rows: InventoryRow[] = [];
  for (let i = 0; i < n; i++) {
    const [provider, kind, risk] = PROVIDERS[rnd(PROVIDERS.length)]!;
    // More credentials in later months: a team that grows.
    const t = start + Math.floor(Math.sqrt(rnd(10_000) / 10_000) * 540) * DAY + rnd(DAY);
    const pushed = rnd(10) < 7;
    const revoked = pushed && rnd(4) === 0;
    const deadline = t + (risk === 'critical' || risk === 'high' ? 30 : 90) * DAY;
    const ticket = pushed ? { id: `KW-${i.toString(16).padStart(12, '0')}`, state: revoked ? ('closed' as const) : ('open' as const) } : undefined;
    const file = `${DIRS[rnd(DIRS.length)]}/${FILES[rnd(FILES.length)]}`;
    const author = ['Alice Example', 'Bob Example', 'Chen Wu', 'Dana Ortiz'][rnd(4)]!;
    rows.push({
      fingerprint: randomBytes(16).toString('hex'),
      ruleId: `${provider.toLowerCase()}-${kind}`,
      title: `${provider} ${kind}`,
      provider,
      kind,
      risk,
      confidence: 'high',
      firstSeen: { commit: randomBytes(20).toString('hex'), date: new Date(t).toISOString(), author, email: 'dev@example.test', file },
      lastSeen: { commit: randomBytes(20).toString('hex'), date: new Date(t + rnd(60) * DAY).toISOString(), author, file },
      atHead: rnd(3) > 0,
      locations: 1 + rnd(12),
      pushed,
      remotes: pushed ? ['origin'] : [],
      owner: OWNERS[rnd(OWNERS.length)]!,
      ownerSource: 'codeowners',
      ...(ticket ? { ticket } : {}),
      status: revoked ? 'revoked' : 'open',
      deadline: new Date(deadline).toISOString(),
      deadlineBasis: 'rotate',
      overdue: !revoked && deadline <= now.getTime(),
      escalated: false,
    });
  }
  return { generatedAt: now.toISOString(), repository: '/src/acme-platform', complete: true, counts: countRows(rows), policyFiles: [], rows, warnings: [] };
}
