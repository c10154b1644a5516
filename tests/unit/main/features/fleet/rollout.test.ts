import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, isMember, selectTarget, type ReleaseTarget } from '../../../../../main/features/fleet/rollout.js';
import { reasonOf } from '../../../../../main/features/fleet/agent.js';

const info = (
  release: number,
  scope: ReleaseTarget['info']['scope'],
  rollout: ReleaseTarget['info']['rollout'] = { kind: 'all' },
): ReleaseTarget => ({
  path: `releases/${release}/${scope.level}.json`,
  info: { release, scope, rollout, publishedBy: 'x', publishedAt: 'y', note: '' },
});

describe('rollout', () => {
  it('buckets are stable, in [0, 100), and percentages are monotone', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (id, a, b) => {
          const bkt = bucketOf(id);
          expect(bkt).toBe(bucketOf(id));
          expect(bkt >= 0 && bkt < 100).toBe(true);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const who = { terminalId: id, hallId: 'h' };
          if (isMember({ kind: 'percent', percent: lo }, who)) expect(isMember({ kind: 'percent', percent: hi }, who)).toBe(true);
        },
      ),
    );
    expect(isMember({ kind: 'percent', percent: 0 }, { terminalId: 'a', hallId: 'b' })).toBe(false);
  });

  it('picks the highest release the terminal belongs to, and the most specific scope in it', () => {
    const who = { terminalId: 'T-1', hallId: 'H-1' };
    const targets = [
      info(1, { level: 'global' }),
      info(2, { level: 'global' }),
      info(2, { level: 'hall', id: 'H-1' }),
      info(2, { level: 'terminal', id: 'T-2' }),
      info(3, { level: 'global' }, { kind: 'cohort', name: 'c', halls: ['H-9'], terminals: [] }),
    ];
    expect(selectTarget(targets, who)?.path).toBe('releases/2/hall.json');
    expect(selectTarget(targets, { terminalId: 'T-3', hallId: 'H-9' })?.info.release).toBe(3);
    expect(selectTarget([], who)).toBeNull();
  });

  it('maps library errors to reason codes, including the ones tuf-js wraps in text', () => {
    class ExpiredMetadataError extends Error {}
    expect(reasonOf(new ExpiredMetadataError('x'))).toBe('expired-metadata');
    expect(
      reasonOf(new Error('Unable to load snapshot metadata error Error: New snapshot version 1 is less than current version 3')),
    ).toBe('rollback-refused');
    expect(reasonOf(new Error('snapshot was signed by 0/1 keys'))).toBe('bad-signature');
    expect(reasonOf(new Error('??'))).toBe('repository-error');
  });
});
