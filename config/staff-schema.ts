/**
 * The `staff` section of the terminal config: who may enter maintenance mode, and how.
 *
 * Config holds only hashes: a card number appears as its HMAC under a key derived from the
 * terminal's data key (`v1:<hex>`, printed by `yimen staff hash --id …`), a PIN as a salted
 * scrypt hash (`scrypt$N$r$p$<salt>$<hash>`), a TOTP secret as base32 (RFC 6238). A member
 * marked `demo` is hashed with the public demo key (`demo:<hex>`) and is accepted only while
 * every enabled device is emulated, so a site that forgets to replace the demo list is safe.
 */
import { z } from 'zod';

export const CARD_HASH = /^(v1|demo):[0-9a-f]{64}$/;
export const PIN_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/;

export const StaffMember = z
  .object({
    staffId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'letters, digits, dot, dash, underscore'),
    /** Shown on the dashboard and in the staff's own action list; never written to the audit chain. */
    name: z.string().min(1).max(40),
    /** HMAC of the staff ID card number or badge number. */
    cardHash: z.string().regex(CARD_HASH, 'v1:<64 hex> or demo:<64 hex> (see `yimen staff hash`)').nullable().default(null),
    pinHash: z.string().regex(PIN_HASH, 'scrypt$N$r$p$salt$hash (see `yimen staff hash --pin`)').optional(),
    /** Base32 TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s). */
    totpSecret: z
      .string()
      .regex(/^[A-Z2-7]{16,64}=*$/, 'base32, at least 16 characters')
      .optional(),
    demo: z.boolean().default(false),
  })
  .strict()
  .refine((m) => (m.cardHash !== null && m.pinHash !== undefined) || m.totpSecret !== undefined, {
    message: 'a staff member needs a card hash with a PIN hash, or a TOTP secret',
  })
  .refine((m) => m.demo || m.cardHash === null || m.cardHash.startsWith('v1:'), {
    message: 'only demo members may use demo: card hashes',
    path: ['cardHash'],
  });
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffConfig = z
  .object({
    members: z.array(StaffMember).refine((l) => new Set(l.map((m) => m.staffId)).size === l.length, {
      message: 'staff ids must be unique',
    }),
    /** Wrong tries before the prompt locks. */
    maxAttempts: z.number().int().min(3).max(10),
    /** First lock-out; each further lock-out doubles it, up to `lockoutMaxSeconds`. */
    lockoutBaseSeconds: z.number().int().min(5).max(3600),
    lockoutMaxSeconds: z.number().int().min(30).max(86_400),
    /** A staff session with no action for this long logs out. */
    idleSeconds: z.number().int().min(30).max(3600),
    /** How long to wait for a citizen to finish before asking the staff to take over. */
    waitForCitizenSeconds: z.number().int().min(5).max(600),
    /** TOTP codes accepted this many 30 s steps before and after now. */
    totpWindow: z.number().int().min(0).max(2),
    /** Touch disabled this long by the screen-cleaning lock. */
    cleaningSeconds: z.number().int().min(10).max(300),
    /** "Exit to the OS" is offered (Electron shell only). */
    allowExitToOs: z.boolean(),
    /** Compartment sizes by door label (`A-01`); unlisted doors have `defaultSize`. */
    compartmentSizes: z.record(z.string().regex(/^[A-Z]-\d{2}$/), z.enum(['S', 'M', 'L'])),
    defaultSize: z.enum(['S', 'M', 'L']),
  })
  .strict()
  .refine((s) => s.lockoutMaxSeconds >= s.lockoutBaseSeconds, {
    message: 'lockoutMaxSeconds must be at least lockoutBaseSeconds',
    path: ['lockoutMaxSeconds'],
  });
export type StaffConfig = z.infer<typeof StaffConfig>;
