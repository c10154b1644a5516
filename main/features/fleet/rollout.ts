/**
 * Staged rollout as data. Each release carries, in its signed target metadata, who it is for:
 * every terminal, a named cohort (resolved to hall and terminal ids at publish time), or a
 * percentage of terminals chosen by a stable hash of the terminal id. The bucket depends on the
 * terminal id only, so widening 10 % → 50 % keeps the first 10 % in.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BundleScope, ScopeId } from '../../../config/bundle-schema.js';

export const Rollout = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('percent'), percent: z.number().min(0).max(100) }).strict(),
  z
    .object({
      kind: z.literal('cohort'),
      name: ScopeId,
      halls: z.array(ScopeId).max(10_000),
      terminals: z.array(ScopeId).max(100_000),
    })
    .strict(),
]);
export type Rollout = z.infer<typeof Rollout>;

/** The `custom.yimen` object of every release target. */
export const ReleaseInfo = z
  .object({
    release: z.number().int().positive(),
    scope: BundleScope,
    rollout: Rollout,
    publishedBy: z.string().max(200),
    publishedAt: z.string().max(40),
    note: z.string().max(2000),
  })
  .strict();
export type ReleaseInfo = z.infer<typeof ReleaseInfo>;

export interface TerminalIdentity {
  terminalId: string;
  hallId: string;
}

/** A stable bucket in [0, 100) with two decimals, from the terminal id. */
export function bucketOf(terminalId: string): number {
  const h = createHash('sha256').update(`yimen-rollout:${terminalId}`).digest();
  return (h.readUInt32BE(0) % 10_000) / 100;
}

export function isMember(rollout: Rollout, who: TerminalIdentity): boolean {
  switch (rollout.kind) {
    case 'all':
      return true;
    case 'percent':
      return bucketOf(who.terminalId) < rollout.percent;
    case 'cohort':
      return rollout.terminals.includes(who.terminalId) || rollout.halls.includes(who.hallId);
  }
}

export interface ReleaseTarget {
  path: string;
  info: ReleaseInfo;
}

/** How specific a target is for this terminal: terminal > hall > global; -1 when not for it. */
function specificity(scope: BundleScope, who: TerminalIdentity): number {
  switch (scope.level) {
    case 'terminal':
      return scope.id === who.terminalId ? 2 : -1;
    case 'hall':
      return scope.id === who.hallId ? 1 : -1;
    case 'global':
      return 0;
  }
}

/**
 * The target this terminal should run: the highest release it is a member of, and within it
 * the most specific scope. Null when no release is for it.
 */
export function selectTarget(targets: readonly ReleaseTarget[], who: TerminalIdentity): ReleaseTarget | null {
  let best: { t: ReleaseTarget; spec: number } | null = null;
  for (const t of targets) {
    const spec = specificity(t.info.scope, who);
    if (spec < 0 || !isMember(t.info.rollout, who)) continue;
    if (best === null || t.info.release > best.t.info.release || (t.info.release === best.t.info.release && spec > best.spec))
      best = { t, spec };
  }
  return best?.t ?? null;
}
