/**
 * The README's gallery of the main path in portrait (`npm run gallery`): the unmasked portrait
 * screenshots the visual test takes of the citizen's main path (test-output/screenshots/gallery-*.png,
 * 1080×1920, zh-CN, default mode; its GALLERY list names them) scaled to 270×480 JPEGs in
 * docs/gallery/. Run after `npx vitest run tests/e2e/visual.test.ts`, so the gallery shows what the
 * visual test saw.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const SRC = join('test-output', 'screenshots');
const OUT = join('docs', 'gallery');

const shots = readdirSync(SRC)
  .filter((f) => /^gallery-\d\d-[a-z-]+\.png$/.test(f))
  .sort();
if (shots.length === 0) {
  console.error(`no gallery-*.png in ${SRC}: run npx vitest run tests/e2e/visual.test.ts first`);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(OUT)) if (f.endsWith('.jpg')) rmSync(join(OUT, f));
for (const f of shots) {
  const dst = join(OUT, f.replace(/^gallery-/, '').replace(/\.png$/, '.jpg'));
  await sharp(join(SRC, f)).resize({ width: 270 }).jpeg({ quality: 78, mozjpeg: true }).toFile(dst);
}
console.log(`${shots.length} pictures in ${OUT}`);
