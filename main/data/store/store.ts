/**
 * The kiosk's local store: one SQLite file in the data directory (better-sqlite3, WAL,
 * `synchronous=FULL`: a commit is on disk before the call returns, so a receipt never
 * promises what a power cut can take back).
 *
 * Opening never damages anything: a file that is not a database, a truncated or corrupt one
 * → `store-corrupt` (the file is left exactly where and as it is, for a technician); a file
 * written by newer code → `store-too-new`.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { err, ok, type Result } from '../../../common/result.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';

export type StoreErrorCode = 'store-corrupt' | 'store-too-new' | 'store-locked' | 'store-unavailable';
export interface StoreError {
  code: StoreErrorCode;
  message: string;
}
export type StoreResult<T> = Result<T, StoreError>;

export const STORE_FILE = 'yimen.db';

export interface OpenStoreOptions {
  file: string;
  /** `FULL` (default) for the kiosk; tests and the benchmark may compare others. */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  /** Run `PRAGMA quick_check` at open (default true): catches truncation and damaged pages. */
  check?: boolean;
  readonly?: boolean;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export class Store {
  private closed = false;
  constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {}

  /** Runs `fn` in one IMMEDIATE transaction: all of it is on disk when this returns, or none of it. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  version(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  get isOpen(): boolean {
    return !this.closed && this.db.open;
  }
}

function classify(e: unknown, file: string): StoreError {
  const err = e as Error & { code?: string };
  const code = err.code ?? '';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB') || code === 'SQLITE_IOERR_SHORT_READ') {
    return { code: 'store-corrupt', message: `${file}: the database is damaged (${err.message}); the file was kept as is` };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { code: 'store-locked', message: `${file}: the database is locked by another process (${err.message})` };
  }
  return { code: 'store-unavailable', message: `${file}: cannot open the database (${err.message})` };
}

function headerLooksValid(file: string): boolean {
  if (!existsSync(file)) return true;
  const size = statSync(file).size;
  if (size === 0) return true;
  if (size < 100) return false;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    readSync(fd, buf, 0, 16, 0);
    return buf.equals(SQLITE_MAGIC);
  } finally {
    closeSync(fd);
  }
}

export function openStore(opts: OpenStoreOptions): StoreResult<Store> {
  const file = opts.file;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  } catch (e) {
    return err('store-unavailable', `${dirname(file)}: ${(e as Error).message}`);
  }
  if (!headerLooksValid(file)) {
    return err('store-corrupt', `${file}: not an SQLite database (bad header); the file was kept as is`);
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    db.pragma('busy_timeout = 5000');
    if (opts.check ?? true) {
      const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
      const first = rows[0]?.quick_check ?? 'no answer';
      if (first !== 'ok') {
        db.close();
        return err('store-corrupt', `${file}: integrity check failed (${first.slice(0, 200)}); the file was kept as is`);
      }
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) {
      db.close();
      return err(
        'store-too-new',
        `${file}: schema version ${version} is newer than this software understands (${LATEST_VERSION}); refusing to touch it`,
      );
    }
    if (!opts.readonly) {
      // Only now, once the file is known to be ours and sound, change anything about it.
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
      db.pragma('foreign_keys = ON');
      for (const m of MIGRATIONS) {
        if (m.version <= version) continue;
        const conn = db;
        conn
          .transaction(() => {
            conn.exec(m.sql);
            conn.pragma(`user_version = ${m.version}`);
          })
          .immediate();
      }
    }
    return ok(new Store(db, file));
  } catch (e) {
    try {
      db?.close();
    } catch {
      /* already unusable */
    }
    return err(classify(e, file));
  }
}
