/**
 * Handwriting input (手写) behind `ime.handwrite`: the pad's strokes → Zinnia with the Tegaki
 * simplified-Chinese model (Debian `zinnia-utils` + `tegaki-zinnia-simplified-chinese`, LGPL-2.1+)
 * → ranked characters, ten to a page. It runs in main only, in a helper process (./zinnia-process.ts).
 *
 * Stroke order: Zinnia's features are per stroke, in the order written, and the Tegaki model learnt
 * some characters in orders of its own (火 as 人 then the two dots, 山 starting with 竖折, 门 with
 * the left 竖). When the best answer is not confident (score < 0.3), five other orders are tried as
 * well — neighbouring strokes swapped, then the list rotated — and each character keeps its best
 * score, a reordering counting 0.5 less than what was written. On the fixture set (53 characters
 * drawn in standard order, tests/fixtures/handwriting) that lifts the top-5 hits from 39 to 46;
 * more orders found fewer (their wrong readings outscore the right one) and cost time. Characters
 * whose component the model learnt in another order (灯: 火 as 人 + dots) stay unfound from the
 * standard order; the benchmark and the tests report them.
 *
 * Traditional characters (zh-HK): Debian has no traditional Zinnia model. zh-HK recognises with the
 * simplified model and shows each candidate in its Hong Kong forms (./data/s2hk-chars.json, built
 * with OpenCC — the converter of the pinyin lexicon — by tools/build-handwriting-hk.ts): a citizen
 * who writes 灯 gets 燈, and 发 offers 發 and 髮. A character written in its traditional form is
 * recognised only as far as the simplified model knows its shape (many complex forms are not).
 */
import { readFile } from 'node:fs/promises';
import { ok, type Result } from '../../../common/result.js';
import type { LexiconScript } from './lexicon.js';
import { normaliseStrokes, toSexp, type Stroke } from './strokes.js';
import { ZinniaProcess, type ZinniaError, type ZinniaHealth } from './zinnia-process.js';

export const HW_PAGE_SIZE = 10;
/** Characters asked of the model: three pages. */
const NBEST = 30;
/** Below this best score the other stroke orders are tried too. */
const CONFIDENT = 0.3;
/** Other stroke orders tried at most (each costs ≈ 5 ms in the helper). */
const MAX_VARIANTS = 5;
/** Longer characters are read in the written order only (each reading of many strokes costs more). */
const MAX_REORDER_STROKES = 16;
/** A reordered reading's score counts this much less than the written one. */
const REORDER_PENALTY = 0.5;

export const ZINNIA_BINARY = '/usr/bin/zinnia';
export const ZINNIA_MODEL_ZH_CN = '/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model';

export interface HandwritingOptions {
  binary?: string;
  model?: string;
  timeoutMs?: number;
  restartMs?: number;
  /** Try other stroke orders when unsure (default true). */
  reorder?: boolean;
}

export interface HandwritingPage {
  candidates: string[];
  more: boolean;
}

export type HandwritingError = ZinniaError;

export class HandwritingRecognizer {
  readonly zinnia: ZinniaProcess;
  private hkForms: Promise<Record<string, string[]>> | null = null;
  private readonly cache = new Map<string, string[]>();
  private readonly reorder: boolean;

  constructor(o: HandwritingOptions = {}) {
    this.zinnia = new ZinniaProcess({
      binary: o.binary ?? ZINNIA_BINARY,
      model: o.model ?? ZINNIA_MODEL_ZH_CN,
      nbest: NBEST,
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.restartMs !== undefined ? { restartMs: o.restartMs } : {}),
    });
    this.reorder = o.reorder ?? true;
  }

  /** Starts the helper and reads the Hong Kong table (start-up, off the first stroke's path). */
  warm(): void {
    this.zinnia.start();
    void this.hongKong();
  }

  health(): ZinniaHealth {
    return this.zinnia.health();
  }

  onHealth(listener: (h: ZinniaHealth) => void): () => void {
    return this.zinnia.onHealth(listener);
  }

  close(): void {
    this.zinnia.close();
  }

  /**
   * One page of characters for the strokes drawn on a `width` × `height` pad. Strokes that leave
   * nothing to read (no points) get no candidates.
   */
  async recognise(
    strokes: readonly Stroke[],
    width: number,
    height: number,
    page: number,
    script: LexiconScript,
  ): Promise<Result<HandwritingPage, HandwritingError>> {
    const norm = normaliseStrokes(strokes, width, height);
    if (!norm) return ok({ candidates: [], more: false });
    const key = `${script}\u0000${JSON.stringify(norm)}`;
    let all = this.cache.get(key);
    if (!all) {
      const ranked = await this.rank(norm);
      if (!ranked.ok) return ranked;
      all = script === 'zh-hk' ? this.toHongKong(ranked.value, await this.hongKong()) : ranked.value;
      if (this.cache.size >= 8) {
        const oldest = this.cache.keys().next();
        if (!oldest.done) this.cache.delete(oldest.value);
      }
      this.cache.set(key, all);
    }
    const from = page * HW_PAGE_SIZE;
    return ok({ candidates: all.slice(from, from + HW_PAGE_SIZE), more: all.length > from + HW_PAGE_SIZE });
  }

  /** Characters best first: the written order, and other orders when the written one is not convincing. */
  private async rank(strokes: [number, number][][]): Promise<Result<string[], ZinniaError>> {
    const first = await this.zinnia.classify([toSexp(strokes)]);
    if (!first.ok) return first;
    const written = first.value[0] ?? [];
    const best = new Map<string, number>();
    for (const s of written) best.set(s.text, Math.max(best.get(s.text) ?? -Infinity, s.score));
    if (this.reorder && strokes.length <= MAX_REORDER_STROKES && (written[0]?.score ?? -Infinity) < CONFIDENT) {
      const orders = reorderings(strokes.length, MAX_VARIANTS);
      const more = await this.zinnia.classify(orders.map((o) => toSexp(o.map((i) => strokes[i] ?? []))));
      if (!more.ok) return more;
      for (const list of more.value)
        for (const s of list) best.set(s.text, Math.max(best.get(s.text) ?? -Infinity, s.score - REORDER_PENALTY));
    }
    return ok(
      [...best]
        .sort((a, b) => b[1] - a[1])
        .slice(0, NBEST)
        .map(([text]) => text),
    );
  }

  private toHongKong(chars: readonly string[], forms: Record<string, string[]>): string[] {
    const out: string[] = [];
    for (const c of chars) for (const f of forms[c] ?? [c]) if (!out.includes(f)) out.push(f);
    return out;
  }

  private hongKong(): Promise<Record<string, string[]>> {
    this.hkForms ??= readFile(new URL('./data/s2hk-chars.json', import.meta.url), 'utf8')
      .catch(() => readFile(new URL('../../../../main/features/ime/data/s2hk-chars.json', import.meta.url), 'utf8'))
      .then((t) => JSON.parse(t) as Record<string, string[]>)
      .catch(() => ({}));
    return this.hkForms;
  }
}

/**
 * Other stroke orders worth a try, most likely slips first: neighbours swapped, then the list
 * rotated (a component written first or last). At most `max`, never the written order itself.
 */
export function reorderings(n: number, max: number): number[][] {
  const out: number[][] = [];
  const seen = new Set<string>([Array.from({ length: n }, (_, i) => i).join(',')]);
  const add = (o: number[]): void => {
    const k = o.join(',');
    if (out.length >= max || seen.has(k)) return;
    seen.add(k);
    out.push(o);
  };
  const ids = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i + 1 < n; i++) {
    const o = [...ids];
    [o[i], o[i + 1]] = [o[i + 1] ?? 0, o[i] ?? 0];
    add(o);
  }
  for (let k = 1; k < n; k++) add([...ids.slice(k), ...ids.slice(0, k)]);
  return out;
}
