/**
 * pinyin-pro (about 30 modules and its dictionary) is loaded on first use, not at start-up: the
 * kiosk shows its attract screen before anyone can search or type pinyin, and the core warms it
 * a moment after start.
 */
import type * as PinyinPro from 'pinyin-pro';

type PinyinLib = typeof PinyinPro;

let loading: Promise<PinyinLib> | null = null;

export function loadPinyin(): Promise<PinyinLib> {
  loading ??= import('pinyin-pro');
  return loading;
}
