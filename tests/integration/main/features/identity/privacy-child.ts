/**
 * Run by privacy.test.ts under Node's permission model with no file-system write permission at all:
 * runs face checks and prints, as one JSON line, what happened and every log call the checker made.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FACE_CHECK_DEFAULTS } from '../../../../../config/identity-schema.js';
import { FaceChecker } from '../../../../../main/features/identity/face/face-checker.js';
import { blankFrame, liveFrame, referenceJpeg } from './face-frames.js';

const lines: string[] = [];
const log = {
  debug: (obj: object, msg: string) => lines.push(JSON.stringify({ level: 'debug', msg, ...obj })),
  warn: (obj: object, msg: string) => lines.push(JSON.stringify({ level: 'warn', msg, ...obj })),
};
let writeDenied = false;
try {
  writeFileSync(join(tmpdir(), `yimen-face-probe-${process.pid}`), 'x');
} catch (e) {
  writeDenied = (e as { code?: string }).code === 'ERR_ACCESS_DENIED';
}
const checker = new FaceChecker({ config: { ...FACE_CHECK_DEFAULTS }, log });
const codes: string[] = [];
for (const [live, ref] of [
  ['a2', 'a3'],
  ['b', 'a1'],
  ['c', 'c'],
] as const) {
  const r = await checker.check(liveFrame(live), referenceJpeg(ref));
  codes.push(r.ok ? r.value.code : `error:${r.error.code}`);
}
const blank = await checker.check(blankFrame(), referenceJpeg('a1'));
codes.push(blank.ok ? blank.value.code : `error:${blank.error.code}`);
await checker.close();
process.stdout.write(`${JSON.stringify({ writeDenied, codes, lines })}\n`);
