/** Exponential back-off with jitter: attempt n waits a random time in [½, 1] × min(max, base × 2ⁿ). */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(exp / 2 + random() * (exp / 2));
}
