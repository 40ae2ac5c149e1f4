// The facts of a rule a finding carries (kind, risk, confidence): at the bottom, so that the
// Finding model needs nothing of src/rules.

/** What a security team inventories: the class of machine identity a rule finds. */
export const RULE_KINDS = [
  'cloud-credential',
  'api-token',
  'database-credential',
  'private-key',
  'ssh-key',
  'tls-certificate-key',
  'ai-service-token',
  'webhook-secret',
  'password',
  'generic',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const RISKS = ['critical', 'high', 'medium', 'low'] as const;
export type Risk = (typeof RISKS)[number];

/**
 * How sure a finding is a credential, from least to most: low (generic evidence only: a
 * secret-like name and a random-looking value), medium (a provider keyword plus the token's
 * shape), high (a structural token: distinctive prefix or fixed format, or a verified checksum).
 */
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
