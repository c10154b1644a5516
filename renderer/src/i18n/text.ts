/** Picks the text for the current locale from a catalog's localized record (zh-CN is the fallback). */
export function pick(text: Record<string, string> | undefined, locale: string): string {
  if (!text) return '';
  return text[locale] ?? text['zh-CN'] ?? Object.values(text)[0] ?? '';
}
