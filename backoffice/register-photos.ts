/**
 * The population register's reference photos (人像照片), for the kiosk's face check in mode (a)
 * (docs/identity.md): `POST /v1/identity/photo` answers with the photo of a person the register
 * holds under that name, still active — the same verdicts as `confirmIdentity`, so a wrong name
 * learns nothing. The reference back office keeps the demo persons' photos in a table, seeded from
 * `backoffice/demo-photos/<ID number>.jpg`; a province's population service plays this role for real.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

export const PHOTO_SCHEMA = `
  CREATE TABLE IF NOT EXISTS person_photos (id_number TEXT PRIMARY KEY, jpeg BLOB NOT NULL, taken_at TEXT);
`;

/** A photo the register will send: a JPEG, not larger than this. */
export const MAX_PHOTO_BYTES = 512 * 1024;

function demoPhotoDir(): string | null {
  const dir = fileURLToPath(new URL('./demo-photos/', import.meta.url));
  if (existsSync(dir)) return dir;
  // Built output (dist/backoffice): the photos stay beside the sources.
  const up = fileURLToPath(new URL('../../backoffice/demo-photos/', import.meta.url));
  return existsSync(up) ? up : null;
}

export function isJpeg(bytes: Uint8Array): boolean {
  return (
    bytes.length > 4 &&
    bytes[0] === 0xff &&
    bytes[1] === 0xd8 &&
    bytes[bytes.length - 2] === 0xff &&
    bytes[bytes.length - 1] === 0xd9
  );
}

/** Stores (or replaces) a person's reference photo. */
export function putPhoto(db: Database.Database, idNumber: string, jpeg: Uint8Array): void {
  if (!isJpeg(jpeg)) throw new RangeError('a reference photo must be a JPEG');
  if (jpeg.length > MAX_PHOTO_BYTES) throw new RangeError('reference photo too large');
  db.prepare(
    `INSERT INTO person_photos (id_number, jpeg) VALUES (?, ?) ON CONFLICT (id_number) DO UPDATE SET jpeg = excluded.jpeg`,
  ).run(idNumber, Buffer.from(jpeg));
}

/** Seeds the demo photos the register does not hold yet. */
export function seedPhotos(db: Database.Database): void {
  const dir = demoPhotoDir();
  if (dir === null) return;
  const has = db.prepare(`SELECT 1 FROM person_photos WHERE id_number = ?`);
  for (const f of readdirSync(dir)) {
    const m = /^(\d{17}[\dX])\.jpg$/.exec(f);
    if (!m?.[1] || has.get(m[1]) !== undefined) continue;
    putPhoto(db, m[1], readFileSync(`${dir}${f}`));
  }
}

export function findPhoto(db: Database.Database, idNumber: string): Buffer | null {
  const r = db.prepare(`SELECT jpeg FROM person_photos WHERE id_number = ?`).get(idNumber) as { jpeg: Buffer } | undefined;
  return r?.jpeg ?? null;
}
