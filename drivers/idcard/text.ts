/**
 * The 256-byte text block of a read reply: UTF-16LE, fields padded with spaces, the card type
 * marker at character 124. Four layouts: resident card (' '), HK/Macau/Taiwan residence permit
 * ('J'), foreigner permanent residence card 2017 ('I') and 2023 ('Y').
 *
 * `decodeCardText` never throws: any 256 bytes give a value (odd fields are kept as read, and the
 * checks in `id-number.ts` / `validity.ts` say what is wrong). `encodeCardText` is the inverse,
 * used by the emulator and the tests.
 */
import { nationName } from './nations.js';

export const TEXT_BYTES = 256;
export const PHOTO_BYTES = 1024;
export const TYPE_MARKER_CHAR = 124;

export type CardType = 'resident' | 'hkmotw' | 'foreign2017' | 'foreign2023';
export type Sex = 'male' | 'female' | 'unknown';
/** `YYYY-MM-DD`, or the raw text when the card holds something that is not a date. */
export type CardDate = string;
export const LONG_TERM = 'long-term';

export interface CardText {
  cardType: CardType;
  /** Chinese name (for a 2017 foreigner card without one: the English name). */
  name: string;
  englishName?: string;
  sex: Sex;
  /** Raw sex code (`1`, `2`, `0`, `9`). */
  sexCode: string;
  nationCode?: string;
  nation?: string;
  birthDate: CardDate;
  address?: string;
  /** Citizen ID number (18 chars) or, on a 2017 foreigner card, the 15-char card number. */
  idNumber: string;
  issuer?: string;
  issuerCode?: string;
  validFrom: CardDate;
  /** `YYYY-MM-DD` or `long-term`. */
  validTo: CardDate;
  passNumber?: string;
  issueCount?: string;
  /** ISO 3166-1 alpha-3. */
  nationality?: string;
  cardVersion?: string;
  renewalCount?: string;
  previousCardLink?: string;
}

/** [start, length] in characters. */
type Field = readonly [number, number];
/** Where each raw value of `CardTextInput` sits, named as there: the encoder writes them all alike. */
type Layout = Partial<Record<Exclude<keyof CardTextInput, 'cardType'>, Field>>;

const RESIDENT = {
  name: [0, 15],
  sexCode: [15, 1],
  nationCode: [16, 2],
  birth: [18, 8],
  address: [26, 35],
  idNumber: [61, 18],
  issuer: [79, 15],
  validFrom: [94, 8],
  validTo: [102, 8],
} as const satisfies Layout;
const PERMIT = { ...RESIDENT, passNumber: [110, 9], issueCount: [119, 2] } as const satisfies Layout;
const FOREIGN_2017 = {
  englishName: [0, 60],
  sexCode: [60, 1],
  /** The 15-character card number. */
  idNumber: [61, 15],
  nationality: [76, 3],
  /** The Chinese name. */
  name: [79, 15],
  validFrom: [94, 8],
  validTo: [102, 8],
  birth: [110, 8],
  cardVersion: [118, 2],
  issuerCode: [120, 4],
} as const satisfies Layout;
const FOREIGN_2023 = {
  /** The Chinese name. */
  name: [0, 15],
  sexCode: [15, 1],
  renewalCount: [16, 2],
  birth: [18, 8],
  idNumber: [61, 18],
  validFrom: [94, 8],
  validTo: [102, 8],
  nationality: [121, 3],
  previousCardLink: [125, 3],
} as const satisfies Layout;
/** The 2023 card's English name, in two fields: the second continues the first without a space. */
const ENGLISH_2023 = { first: [26, 35], second: [110, 11] } as const satisfies Record<string, Field>;

const LAYOUTS: Record<CardType, Layout> = {
  resident: RESIDENT,
  hkmotw: PERMIT,
  foreign2017: FOREIGN_2017,
  foreign2023: FOREIGN_2023,
};

const MARKERS: Record<CardType, string> = { resident: ' ', hkmotw: 'J', foreign2017: 'I', foreign2023: 'Y' };

function field(text: Buffer, [start, len]: Field): string {
  return clean(text.toString('utf16le', start * 2, (start + len) * 2));
}

function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u0000/g, ' ').trim();
}

function sexOf(code: string): Sex {
  return code === '1' ? 'male' : code === '2' ? 'female' : 'unknown';
}

/** `YYYYMMDD` → `YYYY-MM-DD`; anything else is returned as read. */
export function formatDate(raw: string): CardDate {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : raw;
}

function formatValidTo(raw: string): CardDate {
  return raw.startsWith('长期') ? LONG_TERM : formatDate(raw);
}

export function cardTypeOf(text: Uint8Array): CardType | null {
  if (text.length < TEXT_BYTES) return null;
  const marker = Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString(
    'utf16le',
    TYPE_MARKER_CHAR * 2,
    TYPE_MARKER_CHAR * 2 + 2,
  );
  switch (marker) {
    case 'J':
      return 'hkmotw';
    case 'I':
      return 'foreign2017';
    case 'Y':
      return 'foreign2023';
    case ' ':
    case '\u0000':
      return 'resident';
    default:
      return null;
  }
}

/** Decode the text block. Null only when it is shorter than 256 bytes or has an unknown type marker. */
export function decodeCardText(bytes: Uint8Array): CardText | null {
  const type = cardTypeOf(bytes);
  if (type === null) return null;
  const t = Buffer.from(bytes.buffer, bytes.byteOffset, TEXT_BYTES);
  switch (type) {
    case 'resident':
    case 'hkmotw': {
      const L = PERMIT;
      const sexCode = field(t, L.sexCode);
      const nationCode = field(t, L.nationCode);
      const out: CardText = {
        cardType: type,
        name: field(t, L.name),
        sex: sexOf(sexCode),
        sexCode,
        birthDate: formatDate(field(t, L.birth)),
        address: field(t, L.address),
        idNumber: field(t, L.idNumber),
        issuer: field(t, L.issuer),
        validFrom: formatDate(field(t, L.validFrom)),
        validTo: formatValidTo(field(t, L.validTo)),
      };
      if (type === 'resident' || nationCode !== '') {
        out.nationCode = nationCode;
        const n = nationName(nationCode);
        if (n !== null) out.nation = n;
      }
      if (type === 'hkmotw') {
        out.passNumber = field(t, L.passNumber);
        out.issueCount = field(t, L.issueCount);
      }
      return out;
    }
    case 'foreign2017': {
      const L = FOREIGN_2017;
      const sexCode = field(t, L.sexCode);
      const englishName = field(t, L.englishName);
      const chineseName = field(t, L.name);
      return {
        cardType: type,
        name: chineseName !== '' ? chineseName : englishName,
        englishName,
        sex: sexOf(sexCode),
        sexCode,
        birthDate: formatDate(field(t, L.birth)),
        idNumber: field(t, L.idNumber),
        issuerCode: field(t, L.issuerCode),
        validFrom: formatDate(field(t, L.validFrom)),
        validTo: formatValidTo(field(t, L.validTo)),
        nationality: field(t, L.nationality),
        cardVersion: field(t, L.cardVersion),
      };
    }
    case 'foreign2023': {
      const L = FOREIGN_2023;
      const sexCode = field(t, L.sexCode);
      const { first, second } = ENGLISH_2023;
      const part1 = t.toString('utf16le', first[0] * 2, (first[0] + first[1]) * 2);
      const part2 = t.toString('utf16le', second[0] * 2, (second[0] + second[1]) * 2);
      return {
        cardType: type,
        name: field(t, L.name),
        englishName: clean(part1 + part2),
        sex: sexOf(sexCode),
        sexCode,
        renewalCount: field(t, L.renewalCount),
        birthDate: formatDate(field(t, L.birth)),
        idNumber: field(t, L.idNumber),
        validFrom: formatDate(field(t, L.validFrom)),
        validTo: formatValidTo(field(t, L.validTo)),
        nationality: field(t, L.nationality),
        previousCardLink: field(t, L.previousCardLink),
      };
    }
  }
}

/** What the emulator needs to build a text block: raw values as they sit on the card. */
export interface CardTextInput {
  cardType: CardType;
  name: string;
  englishName?: string;
  sexCode: string;
  nationCode?: string;
  /** `YYYYMMDD` */
  birth: string;
  address?: string;
  idNumber: string;
  issuer?: string;
  issuerCode?: string;
  validFrom: string;
  /** `YYYYMMDD` or `长期` */
  validTo: string;
  passNumber?: string;
  issueCount?: string;
  nationality?: string;
  cardVersion?: string;
  renewalCount?: string;
  previousCardLink?: string;
}

export function encodeCardText(c: CardTextInput): Buffer {
  const chars: string[] = new Array<string>(TEXT_BYTES / 2).fill(' ');
  const put = ([start, len]: Field, value: string | undefined): void => {
    const v = [...(value ?? '')].slice(0, len);
    v.forEach((ch, i) => (chars[start + i] = ch));
  };
  for (const [key, at] of Object.entries(LAYOUTS[c.cardType]) as Array<[keyof Layout, Field]>) put(at, c[key]);
  if (c.cardType === 'foreign2023') {
    const en = [...(c.englishName ?? '')];
    put(ENGLISH_2023.first, en.slice(0, ENGLISH_2023.first[1]).join(''));
    put(ENGLISH_2023.second, en.slice(ENGLISH_2023.first[1]).join(''));
  }
  chars[TYPE_MARKER_CHAR] = MARKERS[c.cardType];
  return Buffer.from(chars.join(''), 'utf16le');
}
