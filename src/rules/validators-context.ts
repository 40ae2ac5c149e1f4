/**
 * The value check of the provider context rule (patterns/provider-context.toml): the provider's
 * name is the evidence, so a value lower-case throughout passes (the generic rules read a long
 * lower-case run as a word), but it must still look drawn at random, not made up by hand.
 */
import { randomToken } from './validators-b.js';
import { countsUp, entropyOf, letterStep, madeUp, publicByDesign } from './validators-generic.js';

/** Two digits (or upper and lower case a fifth of the length each), and not made up. */
export function providerContextValue(s: string): boolean {
  // A token of digits only (16+: an id-like token, not a year or a port) carries 3.3 bits a digit at
  // most, so the rule asks 2.5 bits; anything else asks 3.0.
  if (/^[0-9]+$/.test(s)) return s.length >= 16 && !madeUp(s);
  if (publicByDesign(s) || entropyOf(s) < 3.0 || !randomToken(s)) return false;
  // `sentryOrgToken`, `StripeSecretKey`: an identifier (`{ 'sentry-token': sentryOrgToken }`), not a value.
  if (/^(?:[a-z]{2,}|[A-Z][a-z]{2,})(?:[A-Z][a-z]{2,})+\d*$/.test(s)) return false;
  // `a1b2c3d4-e5f6-g7h8-...`: letters and digits that count up, a made-up example.
  // Here any 60% of steps counts, hex letters too (madeUp asks six steps and a letter past f).
  const letters = s.replace(/[^A-Za-z]/g, '').toLowerCase();
  return !madeUp(s) && !(letters.length >= 8 && countsUp(letters, letterStep, 0));
}

export const CONTEXT_VALIDATORS: Record<string, (secret: string) => boolean> = {
  'provider-context-value': providerContextValue,
};
