/**
 * Sample cards for the emulator, the demo panel and the tests. The people are made up
 * (示例 / 样本 = "example" / "sample" in their names); the numbers are well-formed so the checks
 * pass, except on the card made to fail them.
 */
import { createHash } from 'node:crypto';
import { PHOTO_BYTES, type CardTextInput } from './text.js';

export interface SampleCard {
  id: string;
  /** One line for the demo panel. */
  label: string;
  text: CardTextInput;
}

export const SAMPLE_CARDS: readonly SampleCard[] = [
  {
    id: 'resident',
    label: 'Resident card, valid to 2035',
    text: {
      cardType: 'resident',
      name: '李示范',
      sexCode: '1',
      nationCode: '01',
      birth: '19850615',
      address: '广东省佛山市禅城区示例大道100号',
      idNumber: '440604198506151233',
      issuer: '佛山市公安局禅城分局',
      validFrom: '20150801',
      validTo: '20350801',
    },
  },
  {
    id: 'resident-long-term',
    label: 'Resident card, long-term validity (长期), Zhuang',
    text: {
      cardType: 'resident',
      name: '陈样本',
      sexCode: '2',
      nationCode: '08',
      birth: '19480302',
      address: '广东省佛山市禅城区样本街道二巷8号',
      idNumber: '440604194803022421',
      issuer: '佛山市公安局禅城分局',
      validFrom: '20100520',
      validTo: '长期',
    },
  },
  {
    id: 'hkmotw',
    label: 'Hong Kong residence permit (J)',
    text: {
      cardType: 'hkmotw',
      name: '黄示例',
      sexCode: '1',
      birth: '19900307',
      address: '香港特别行政区九龙示例道1号',
      idNumber: '810000199003071237',
      issuer: '佛山市公安局',
      validFrom: '20250110',
      validTo: '20300110',
      passNumber: 'H01234567',
      issueCount: '01',
    },
  },
  {
    id: 'foreign2017',
    label: 'Foreigner permanent residence card, 2017 (I)',
    text: {
      cardType: 'foreign2017',
      name: '样本亚历',
      englishName: 'SAMPLE, ALEX',
      sexCode: '1',
      idNumber: 'GBR440085010203',
      nationality: 'GBR',
      birth: '19850101',
      validFrom: '20230301',
      validTo: '20330301',
      cardVersion: '01',
      issuerCode: '1500',
    },
  },
  {
    id: 'foreign2023',
    label: 'Foreigner permanent residence card, 2023 (Y)',
    text: {
      cardType: 'foreign2023',
      name: '示例玛丽',
      englishName: 'EXAMPLE, MARY JANE ANNABELLE SPECIMEN-SAMPLE',
      sexCode: '2',
      renewalCount: '00',
      birth: '19920101',
      idNumber: '930826199201010026',
      validFrom: '20240101',
      validTo: '20340101',
      nationality: 'CAN',
      previousCardLink: '',
    },
  },
  {
    id: 'expired',
    label: 'Resident card that expired on 2020-01-01',
    text: {
      cardType: 'resident',
      name: '王样例',
      sexCode: '1',
      nationCode: '03',
      birth: '19700101',
      address: '广东省佛山市禅城区过期路3号',
      idNumber: '440604197001013455',
      issuer: '佛山市公安局禅城分局',
      validFrom: '20100101',
      validTo: '20200101',
    },
  },
  {
    id: 'bad-checksum',
    label: 'Resident card, valid to 2031, whose ID number fails the check digit',
    text: {
      cardType: 'resident',
      name: '赵示错',
      sexCode: '2',
      nationCode: '01',
      birth: '19951120',
      address: '广东省广州市荔湾区示例路9号',
      idNumber: '440106199511204560',
      issuer: '广州市公安局荔湾分局',
      // Valid dates, so the check digit is what the kiosk refuses (not an expiry).
      validFrom: '20210105',
      validTo: '20310105',
    },
  },
];

export function sampleCard(id: string): SampleCard | null {
  return SAMPLE_CARDS.find((c) => c.id === id) ?? null;
}

/**
 * A stand-in for the 1024-byte WLT photo: deterministic bytes derived from the sample id. Real
 * WLT data is encrypted and only the vendor's licensed library decodes it (protocols.md §1.9), so
 * the emulator sends opaque bytes of the right size.
 */
export function samplePhoto(id: string): Buffer {
  const out = Buffer.alloc(PHOTO_BYTES);
  let block = createHash('sha256').update(`wlt:${id}`).digest();
  for (let i = 0; i < PHOTO_BYTES; i += block.length) {
    block.copy(out, i);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/** Two 512-byte fingerprint templates, equally opaque. */
export function sampleFingerprints(id: string): Buffer {
  return Buffer.concat([samplePhoto(`fp:${id}`)]);
}
