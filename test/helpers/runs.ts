/**
 * How many random draws a test of random values makes: `n`, times KEYWARD_STRESS when set. A
 * draw that fails one time in thousands is a flaky test; `KEYWARD_STRESS=300 npx vitest run
 * test/rules` finds it before CI does.
 */
export function runs(n: number): number {
  const k = Number(process.env.KEYWARD_STRESS ?? '1');
  return Number.isInteger(k) && k > 1 ? n * k : n;
}
