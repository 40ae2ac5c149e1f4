import { VALIDATORS, type Validator } from './validators.js';
import { VALIDATORS_B } from './validators-b.js';
import { GENERIC_VALIDATORS } from './validators-generic.js';
import { PASSWORD_VALIDATORS } from './validators-password.js';
import { CONTEXT_VALIDATORS } from './validators-context.js';

/** Every validator a rule may name in `validate`. */
export const ALL_VALIDATORS: Record<string, Validator> = { ...VALIDATORS, ...VALIDATORS_B, ...GENERIC_VALIDATORS, ...PASSWORD_VALIDATORS, ...CONTEXT_VALIDATORS };

/**
 * Validators that verify a checksum the issuer computed (CRC32, bech32): a value that passes
 * was minted, not typed, so shape filters (a placeholder word such as `dummy` spelled by
 * chance, a sequential run) say nothing about it.
 */
export const CHECKSUM_VALIDATORS: ReadonlySet<string> = new Set(['github-crc32', 'npm-crc32', 'gitlab-routable-crc32', 'age-bech32']);
