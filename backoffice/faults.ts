/**
 * Fault injection for tests and demos: the reference back office can be slow, fail, or answer
 * garbage, on the contract routes (`/v1/…`) only. Counters count down per request.
 */
export interface FaultSettings {
  /** Delay before every answer (after the work is done, like a slow network or proxy). */
  delayMs: number;
  /** The next N requests get a 500 without being processed. */
  fail500: number;
  /** The next N requests are processed, then answered with a 500 (a lost answer). */
  fail500AfterCommit: number;
  /** The next N requests are processed, then answered with truncated JSON. */
  malformed: number;
  /** The next N requests have their connection dropped without an answer (after processing). */
  drop: number;
  /** The next N attachment chunks are stored with a byte flipped (a damaged transfer: the hash check fails). */
  corruptChunk: number;
}

export const NO_FAULTS: FaultSettings = { delayMs: 0, fail500: 0, fail500AfterCommit: 0, malformed: 0, drop: 0, corruptChunk: 0 };

export class FaultInjector {
  private s: FaultSettings = { ...NO_FAULTS };

  set(partial: Partial<FaultSettings>): FaultSettings {
    for (const [k, v] of Object.entries(partial)) {
      if (!(k in NO_FAULTS)) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) continue;
      this.s[k as keyof FaultSettings] = Math.floor(v);
    }
    return this.get();
  }

  clear(): void {
    this.s = { ...NO_FAULTS };
  }

  get(): FaultSettings {
    return { ...this.s };
  }

  /** Whether the attachment chunk being received is to be damaged; counts down. */
  takeCorruption(): boolean {
    if (this.s.corruptChunk <= 0) return false;
    this.s.corruptChunk -= 1;
    return true;
  }

  /** Decides the fate of one request; counts down. */
  take(): { before: 'fail500' | null; after: 'fail500' | 'malformed' | 'drop' | null; delayMs: number } {
    const delayMs = this.s.delayMs;
    if (this.s.fail500 > 0) {
      this.s.fail500 -= 1;
      return { before: 'fail500', after: null, delayMs };
    }
    if (this.s.fail500AfterCommit > 0) {
      this.s.fail500AfterCommit -= 1;
      return { before: null, after: 'fail500', delayMs };
    }
    if (this.s.malformed > 0) {
      this.s.malformed -= 1;
      return { before: null, after: 'malformed', delayMs };
    }
    if (this.s.drop > 0) {
      this.s.drop -= 1;
      return { before: null, after: 'drop', delayMs };
    }
    return { before: null, after: null, delayMs };
  }
}
