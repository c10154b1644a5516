/**
 * Pickups this terminal knows about (what the back office said is ready, and what was
 * collected here). The holder's details are sealed; lookups go through HMAC keys, of the ID
 * number (`subject`) or of the pickup code (`code_key`), never the plain values.
 */
import type { PersonalDataCipher } from '../privacy/personal-cipher.js';
import type { Store } from './store.js';

export interface PickupDetails {
  applicationId: string;
  matterName: string;
  holderName: string;
}

export interface PickupRecord {
  pickupId: string;
  state: 'ready' | 'collected' | 'expired';
  lockerId: string | null;
  cell: string | null;
  holdUntil: number | null;
  details: PickupDetails;
  collectedAt: number | null;
}

interface Raw {
  pickup_id: string;
  details: Buffer;
  locker_id: string | null;
  cell: string | null;
  state: PickupRecord['state'];
  hold_until: number | null;
  collected_at: number | null;
}

export class PickupRepo {
  constructor(
    private readonly store: Store,
    private readonly cipher: PersonalDataCipher,
  ) {}

  private codeKey(code: string): string {
    return this.cipher.lookupKey(`pickup-code:${code}`);
  }

  upsert(p: {
    pickupId: string;
    idNumber?: string;
    pickupCode?: string;
    details: PickupDetails;
    lockerId: string | null;
    cell: string | null;
    holdUntil: number | null;
    now: number;
  }): void {
    const sealed = this.cipher.sealJson(p.details, `pickup:${p.pickupId}`);
    this.store.db
      .prepare(
        `INSERT INTO pickups (pickup_id, subject, code_key, details, locker_id, cell, state, hold_until, updated_at)
         VALUES (@id, @subject, @code, @details, @locker, @cell, 'ready', @hold, @now)
         ON CONFLICT (pickup_id) DO UPDATE SET
           subject = COALESCE(excluded.subject, subject), code_key = COALESCE(excluded.code_key, code_key),
           details = excluded.details, locker_id = excluded.locker_id, cell = excluded.cell,
           hold_until = excluded.hold_until, updated_at = excluded.updated_at`,
      )
      .run({
        id: p.pickupId,
        subject: p.idNumber !== undefined ? this.cipher.lookupKey(p.idNumber) : null,
        code: p.pickupCode !== undefined ? this.codeKey(p.pickupCode) : null,
        details: sealed,
        locker: p.lockerId,
        cell: p.cell,
        hold: p.holdUntil,
        now: p.now,
      });
  }

  markCollected(pickupId: string, now: number): boolean {
    return (
      this.store.db
        .prepare(
          `UPDATE pickups SET state = 'collected', collected_at = ?, updated_at = ? WHERE pickup_id = ? AND state = 'ready'`,
        )
        .run(now, now, pickupId).changes === 1
    );
  }

  forPerson(idNumber: string): PickupRecord[] {
    return this.decode(
      this.store.db
        .prepare(`SELECT * FROM pickups WHERE subject = ? ORDER BY updated_at`)
        .all(this.cipher.lookupKey(idNumber)) as Raw[],
    );
  }

  forCode(code: string): PickupRecord[] {
    return this.decode(this.store.db.prepare(`SELECT * FROM pickups WHERE code_key = ?`).all(this.codeKey(code)) as Raw[]);
  }

  get(pickupId: string): PickupRecord | null {
    const r = this.store.db.prepare(`SELECT * FROM pickups WHERE pickup_id = ?`).get(pickupId) as Raw | undefined;
    return r ? (this.decode([r])[0] ?? null) : null;
  }

  /** Collected or expired pickups last touched before `before` are deleted. */
  purge(before: number): number {
    return this.store.db.prepare(`DELETE FROM pickups WHERE state != 'ready' AND updated_at < ?`).run(before).changes;
  }

  private decode(rows: Raw[]): PickupRecord[] {
    const out: PickupRecord[] = [];
    for (const r of rows) {
      const d = this.cipher.openJson(r.details, `pickup:${r.pickup_id}`);
      if (!d.ok) continue; // unreadable under this key: skipped, never shown garbled
      out.push({
        pickupId: r.pickup_id,
        state: r.state,
        lockerId: r.locker_id,
        cell: r.cell,
        holdUntil: r.hold_until,
        details: d.value as PickupDetails,
        collectedAt: r.collected_at,
      });
    }
    return out;
  }
}
