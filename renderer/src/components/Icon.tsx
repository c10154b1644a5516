/**
 * The kiosk's pictures for matters, categories, departments and life events (the catalog names
 * one per id: `CatalogIcon`), and for the home screen's own actions. Line drawings on a 48-unit
 * grid in `currentColor`, so they follow the tile's text colour and high contrast; decorative
 * (`aria-hidden`): the words beside each say the same.
 */
import type { CatalogIcon } from '../../../main/base/api/contract';

export type ActionIcon = 'locker' | 'search' | 'inbox' | 'chat' | 'privacy';
export type IconName = CatalogIcon | ActionIcon;

/** Each picture: one path (strokes), and circles as [cx, cy, r]. */
const ICONS: Record<IconName, { d: string; c?: Array<[number, number, number]> }> = {
  document: { d: 'M12 6h16l10 10v26H12Z M28 6v10h10 M18 24h14 M18 30h14 M18 36h9' },
  'id-card': { d: 'M5 11h38v26H5Z M10 32c1-5 11-5 12 0 M26 19h12 M26 25h12 M26 31h7', c: [[16, 21, 4]] },
  family: {
    d: 'M6 41c0-9 5-14 11-14s11 5 11 14 M27 41c0-6 3-10 8-10s8 4 8 10',
    c: [
      [17, 16, 6],
      [35, 22, 4],
    ],
  },
  people: {
    d: 'M4 41c0-8 4-12 9-12s9 4 9 12 M26 41c0-8 4-12 9-12s9 4 9 12',
    c: [
      [13, 19, 5],
      [35, 19, 5],
    ],
  },
  health: { d: 'M24 15v18 M15 24h18', c: [[24, 24, 17]] },
  work: { d: 'M5 16h38v24H5Z M17 16v-5h14v5 M5 26h38 M22 26v4h4v-4' },
  house: { d: 'M5 24 24 7l19 17 M10 20v21h28V20 M20 41V29h8v12' },
  map: { d: 'M5 12l13-5 12 5 13-5v29l-13 5-12-5-13 5Z M18 7v29 M30 12v29' },
  car: {
    d: 'M5 33v-7l6-11h26l6 11v7Z M5 26h38',
    c: [
      [14, 36, 4],
      [34, 36, 4],
    ],
  },
  shop: { d: 'M5 18l4-10h30l4 10Z M8 18v23h32V18 M19 41V29h10v12' },
  tax: { d: 'M17 13l7 10 7-10 M24 23v14 M18 26h12 M18 31h12', c: [[24, 24, 18]] },
  school: { d: 'M3 18 24 9l21 9-21 9Z M12 23v10c0 5 24 5 24 0V23 M45 18v12' },
  baby: { d: 'M19 28c3 3 7 3 10 0 M24 10c0-4 5-4 5-1 M18 21h1 M29 21h1', c: [[24, 24, 14]] },
  rings: {
    d: 'M21 6h6l3 4-6 5-6-5Z',
    c: [
      [18, 29, 10],
      [30, 29, 10],
    ],
  },
  retire: { d: 'M4 34h40 M14 34a10 10 0 0 1 20 0 M24 11v6 M11 17l4 4 M37 17l-4 4 M10 41h28' },
  scales: { d: 'M24 7v33 M15 41h18 M9 13h30 M9 13l-5 12h10Z M39 13l-5 12h10Z' },
  leaf: { d: 'M9 39C9 19 21 8 40 8c0 19-11 31-31 31Z M9 39 27 21' },
  wheat: {
    d: 'M24 43V9 M24 17c-6-1-9-5-9-10 6 0 9 4 9 10Z M24 17c6-1 9-5 9-10-6 0-9 4-9 10Z M24 30c-6-1-9-5-9-10 6 0 9 4 9 10Z M24 30c6-1 9-5 9-10-6 0-9 4-9 10Z',
  },
  building: { d: 'M5 42h38 M10 42V7h18v35 M28 18h10v24 M15 14h8 M15 21h8 M15 28h8 M15 35h8' },
  shield: { d: 'M24 5 8 11v13c0 10 7 16 16 19 9-3 16-9 16-19V11Z M17 24l5 5 9-10' },
  plane: { d: 'M5 23 43 7 35 41 24 30Z M24 30 43 7 M24 30v11l5-6' },
  medal: { d: 'M16 5l8 15 8-15 M20 29l4-3v10', c: [[24, 31, 11]] },
  culture: {
    d: 'M20 36V12l18-4v24',
    c: [
      [15, 36, 5],
      [33, 32, 5],
    ],
  },
  accessible: { d: 'M22 14v13h11l4 11 M22 20h10 M17 22a11 11 0 1 0 14 14', c: [[22, 8, 3]] },
  flower: { d: 'M24 26v17 M24 36l-8-6 M24 39l8-6', c: [[24, 15, 4]] },
  locker: { d: 'M7 5h34v38H7Z M24 5v38 M7 18h34 M7 31h34 M18 11h3 M27 11h3' },
  search: { d: 'M30 30l12 12', c: [[20, 20, 13]] },
  inbox: { d: 'M5 29h11l3 6h10l3-6h11 M5 29l6-18h8 M43 29l-6-18h-8 M5 29v12h38V29 M24 5v16 M18 15l6 6 6-6' },
  chat: { d: 'M5 9h38v23H21l-10 8v-8H5Z M13 18h22 M13 24h14' },
  privacy: { d: 'M24 5 8 11v13c0 10 7 16 16 19 9-3 16-9 16-19V11Z M19 24h10v9H19Z M21 24v-3a3 3 0 0 1 6 0v3' },
};

export function Icon({ name, className = 'icon' }: { name: IconName; className?: string }) {
  const icon = ICONS[name];
  return (
    <svg className={className} viewBox="0 0 48 48" aria-hidden="true" focusable="false" data-icon={name}>
      <path d={icon.d} />
      {icon.c?.map(([cx, cy, r]) => (
        <circle key={`${cx}-${cy}`} cx={cx} cy={cy} r={r} />
      ))}
    </svg>
  );
}
