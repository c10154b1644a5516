import { describe, expect, it } from 'vitest';
import { DEFAULT_FACE_POLICY, faceCheckRequired } from '../../../../../main/features/session/face-policy.js';

const instant = { id: 'household-certificate', instant: true };
const later = { id: 'senior-card', instant: false };
const card = { method: 'idcard' as const };

describe('when the face check is required (人证核验)', () => {
  it('by default: applying on a card for a document printed on the spot, and nothing else', () => {
    expect(faceCheckRequired(DEFAULT_FACE_POLICY, 'apply', instant, card)).toBe(true);
    expect(faceCheckRequired(DEFAULT_FACE_POLICY, 'apply', later, card)).toBe(false);
    for (const purpose of ['collect', 'mydata', 'progress', null] as const)
      expect(faceCheckRequired(DEFAULT_FACE_POLICY, purpose, instant, card)).toBe(false);
    expect(faceCheckRequired(DEFAULT_FACE_POLICY, 'apply', undefined, card)).toBe(false);
  });

  it('never for an identity that is not a card holder’s (a digital-identity QR, staff): staff may choose it themselves', () => {
    for (const method of ['qr', 'staff'] as const)
      expect(faceCheckRequired(DEFAULT_FACE_POLICY, 'apply', instant, { method })).toBe(false);
  });

  it('a hall sets it per matter, either way', () => {
    const policy = { ...DEFAULT_FACE_POLICY, matters: { 'household-certificate': 'off', 'senior-card': 'required' } as const };
    expect(faceCheckRequired(policy, 'apply', instant, card)).toBe(false);
    expect(faceCheckRequired(policy, 'apply', later, card)).toBe(true);
  });
});
