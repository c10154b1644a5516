import { describe, expect, it } from 'vitest';
import { FACE_CHECK_DEFAULTS, IdentityConfig } from '../../../config/identity-schema.js';
import { KioskConfig } from '../../../config/schema.js';
import { defaults } from '../../../config/defaults.js';
import { mergeConfig } from '../../../config/load.js';

describe('config identity.face', () => {
  it('defaults when absent, and a site file may change one threshold', () => {
    expect(KioskConfig.parse(defaults).identity.face).toEqual(FACE_CHECK_DEFAULTS);
    const site = KioskConfig.parse(mergeConfig(defaults, { identity: { face: { similarity: 0.7 } } }));
    expect(site.identity.face).toEqual({ ...FACE_CHECK_DEFAULTS, similarity: 0.7 });
  });

  it('refuses scores out of range, unknown keys and a high band below the match threshold', () => {
    expect(IdentityConfig.safeParse({ face: { similarity: 1.2 } }).success).toBe(false);
    expect(IdentityConfig.safeParse({ face: { threshold: 0.5 } }).success).toBe(false);
    expect(IdentityConfig.safeParse({ face: { similarity: 0.8, highSimilarity: 0.7 } }).success).toBe(false);
  });
});
