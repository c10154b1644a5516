/**
 * How each material of a received application was provided (the submission's `materials`): what
 * the standard obtains itself, a scanned PDF (its attachment), an e-licence the applicant holds
 * (only its reference; checked against the licence register before the application is accepted),
 * or a declaration (告知承诺). The case officer's view of the application lists them.
 */
import type Database from 'better-sqlite3';

export const MATERIALS_SCHEMA = `
CREATE TABLE IF NOT EXISTS application_materials (
  application_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  pages INTEGER,
  attachment_id TEXT,
  licence_ref TEXT,
  PRIMARY KEY (application_id, kind)
);`;

export interface ApplicationMaterial {
  kind: string;
  description: string;
  pages: number | null;
  attachmentId: string | null;
  licenceRef: string | null;
}

export function recordMaterials(db: Database.Database, applicationId: string, materials: readonly ApplicationMaterial[]): void {
  const put = db.prepare(
    `INSERT OR REPLACE INTO application_materials (application_id, kind, description, pages, attachment_id, licence_ref) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const m of materials) put.run(applicationId, m.kind, m.description, m.pages, m.attachmentId, m.licenceRef);
}

export function materialsOf(db: Database.Database, applicationId: string): ApplicationMaterial[] {
  const rows = db
    .prepare(
      `SELECT kind, description, pages, attachment_id, licence_ref FROM application_materials WHERE application_id = ? ORDER BY rowid`,
    )
    .all(applicationId) as {
    kind: string;
    description: string;
    pages: number | null;
    attachment_id: string | null;
    licence_ref: string | null;
  }[];
  return rows.map((r) => ({
    kind: r.kind,
    description: r.description,
    pages: r.pages,
    attachmentId: r.attachment_id,
    licenceRef: r.licence_ref,
  }));
}

/** Whether the licence register holds this licence for this person. */
export function licenceHeld(db: Database.Database, idNumber: string, reference: string): boolean {
  return db.prepare(`SELECT 1 FROM licences WHERE reference = ? AND id_number = ?`).get(reference, idNumber) !== undefined;
}
