/**
 * Writes the recorded stroke data the handwriting tests feed to the recogniser:
 * `tests/fixtures/handwriting/strokes.json`, the standard stroke paths (medians) of a few dozen
 * characters from Make Me a Hanzi, as the npm package `hanzi-writer-data` ships them.
 *
 * Licence: the Make Me a Hanzi graphics (and so these medians) are derived from fonts by Arphic
 * Technology and are distributed under the **Arphic Public License**; a copy sits next to the
 * fixture (ARPHICPL.TXT). Only this small fixture is committed; the package is not a dependency.
 *
 *   npm pack hanzi-writer-data@2.0.1 && tar xzf hanzi-writer-data-2.0.1.tgz
 *   HANZI_WRITER_DATA=./package npx tsx tools/build-handwriting-fixtures.ts
 *
 * Coordinates: Make Me a Hanzi draws in a 1024 box with y up and the baseline at 900; the fixture
 * stores screen coordinates (y down) in that 1024 box, points as [x, y], in stroke order.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = process.env.HANZI_WRITER_DATA ?? 'node_modules/hanzi-writer-data';
const OUT = new URL('../tests/fixtures/handwriting/', import.meta.url);
/** 路灯坏了 (the e2e sentence), the 户籍 form words, and everyday characters of the hall. */
const CHARS = '路灯坏了我要办理户口迁入证明身份地址电话姓名中国人大小水火山上下年月日东西南北学生家门开关住房子女工作单位';

const chars: Record<string, number[][][]> = {};
for (const c of CHARS) {
  const data = JSON.parse(readFileSync(join(SOURCE, `${c}.json`), 'utf8')) as { medians: number[][][] };
  chars[c] = data.medians.map((stroke) => stroke.map(([x = 0, y = 0]) => [x, 900 - y]));
}
const fixture = {
  source: 'Make Me a Hanzi stroke medians, from the npm package hanzi-writer-data 2.0.1',
  licence: 'Arphic Public License (see ARPHICPL.TXT next to this file)',
  box: 1024,
  chars,
};
writeFileSync(new URL('strokes.json', OUT), `${JSON.stringify(fixture)}\n`);
copyFileSync(join(SOURCE, 'ARPHICPL.TXT'), new URL('ARPHICPL.TXT', OUT));
process.stderr.write(`handwriting fixtures: ${Object.keys(chars).length} characters\n`);
