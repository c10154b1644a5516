/**
 * Writes the seed-scale catalog fixture (tools/catalog-fixture.ts) to
 * tests/fixtures/catalog/seed-1052.json: `npx tsx tools/build-catalog-fixture.ts`.
 * The output is deterministic; tests/unit/config/catalog-fixture.test.ts checks the committed file
 * is what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Catalog } from '../config/catalog-schema.js';
import { buildSeedCatalog } from './catalog-fixture.js';

export const CATALOG_FIXTURE = new URL('../tests/fixtures/catalog/seed-1052.json', import.meta.url);

const catalog = buildSeedCatalog();
Catalog.parse(catalog);
mkdirSync(new URL('.', CATALOG_FIXTURE), { recursive: true });
writeFileSync(CATALOG_FIXTURE, JSON.stringify(catalog) + '\n');
const count = (f: (m: (typeof catalog.matters)[number]) => boolean): number => catalog.matters.filter(f).length;
console.log(
  `${catalog.matters.length} matters: ${count((m) => m.audience === 'person')} natural-person (${count((m) => m.audience === 'person' && m.instant)} instant), ` +
    `${count((m) => m.audience === 'legal-person')} legal-person (${count((m) => m.audience === 'legal-person' && m.instant)} instant) → ${CATALOG_FIXTURE.pathname}`,
);
