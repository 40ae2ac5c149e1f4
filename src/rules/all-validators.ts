import { VALIDATORS, type Validator } from './validators.js';
import { VALIDATORS_B } from './validators-b.js';
import { GENERIC_VALIDATORS } from './validators-generic.js';
import { CONTEXT_VALIDATORS } from './validators-context.js';

/** Every validator a rule may name in `validate`. */
export const ALL_VALIDATORS: Record<string, Validator> = { ...VALIDATORS, ...VALIDATORS_B, ...GENERIC_VALIDATORS, ...CONTEXT_VALIDATORS };
