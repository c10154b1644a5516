/**
 * What must survive a restart for the supervisor to keep its promises: when the app last
 * restarted itself (minimum gap, restart → reboot escalation) and which daily window already
 * had its restart. A small JSON file in the data dir, written atomically (temp file + rename),
 * so it works even when the store is unusable. A missing or damaged file reads as empty: the
 * worst case is one restart too many, never a crash.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LEDGER_FILE = 'supervision.json';
/** Restart times older than this are dropped when written. */
const KEEP_MS = 7 * 86_400_000;
const MAX_ENTRIES = 200;

export interface LedgerState {
  /** Times (ms) at which the supervisor restarted the app or requested a reboot. */
  restarts: number[];
  /** Window day (YYYY-MM-DD) of the last daily restart. */
  lastDailyDay: string | null;
}

export type LedgerRead = { state: LedgerState; problem: string | null };

export function parseLedger(text: string): LedgerRead {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { state: { restarts: [], lastDailyDay: null }, problem: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null) return { state: { restarts: [], lastDailyDay: null }, problem: 'not an object' };
  const r = raw as Record<string, unknown>;
  const restarts = Array.isArray(r.restarts)
    ? r.restarts.filter((t): t is number => typeof t === 'number' && Number.isFinite(t) && t > 0)
    : [];
  const lastDailyDay = typeof r.lastDailyDay === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(r.lastDailyDay) ? r.lastDailyDay : null;
  return { state: { restarts, lastDailyDay }, problem: null };
}

export class RestartLedger {
  private state: LedgerState;
  readonly problem: string | null;
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, LEDGER_FILE);
    let text: string | null;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      text = null;
    }
    const read = text === null ? { state: { restarts: [], lastDailyDay: null }, problem: null } : parseLedger(text);
    this.state = read.state;
    this.problem = read.problem;
  }

  get(): LedgerState {
    return { restarts: [...this.state.restarts], lastDailyDay: this.state.lastDailyDay };
  }

  /** Records a restart (and, for a daily one, its window day) before the process exits. */
  recordRestart(at: number, dailyDay?: string): void {
    const restarts = [...this.state.restarts.filter((t) => at - t < KEEP_MS), at].slice(-MAX_ENTRIES);
    this.state = { restarts, lastDailyDay: dailyDay ?? this.state.lastDailyDay };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
