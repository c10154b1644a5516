/**
 * The sample paper the emulated document camera photographs (tools/build-doc-fixtures.ts renders
 * them with the project's A4 renderer, then stages them with stage.ts): a rental contract and a
 * school letter, as citizens bring them to the hall. All names, numbers and addresses are made up
 * (the demo register's 李示范).
 */
import type { A4Document } from '../../printer/a4/a4-document.js';

export interface SamplePage {
  /** File stem of the photographed frame (tests/fixtures/camera/doc-pages/<name>.jpg). */
  name: string;
  document: A4Document;
  /** Seed of the staging (skew, light, noise). */
  seed: number;
  /** How far the sheet is turned on the stage, degrees (+ clockwise). */
  turnDeg: number;
}

export const RENTAL_CONTRACT: A4Document = {
  title: '房屋租赁合同',
  subject: 'sample rental contract (demo)',
  paragraphs: [
    '出租方（甲方）：佛山市示范物业管理有限公司',
    '承租方（乙方）：李示范，身份证号码：440604198506151233',
    '根据《中华人民共和国民法典》及有关规定，甲乙双方在平等、自愿、协商一致的基础上，就乙方承租甲方房屋一事订立本合同。',
    '第一条 房屋坐落于佛山市禅城区示范路十八号三座五零二房，建筑面积八十六平方米，用途为居住。',
    '第二条 租赁期限自二〇二六年三月一日起至二〇二七年二月二十八日止，共十二个月。',
    '第三条 月租金为人民币叁仟贰佰元整，乙方应于每月五日前支付当月租金。押金为两个月租金，合同期满乙方交还房屋后甲方无息退还。',
    '第四条 租赁期间，水费、电费、燃气费及物业管理费由乙方承担；房屋及其附属设施的自然损耗由甲方负责维修。',
    '第五条 乙方不得擅自改变房屋结构和用途，未经甲方书面同意不得转租。',
    '第六条 任何一方违约，应向对方支付一个月租金作为违约金。本合同一式两份，甲乙双方各执一份，自双方签字之日起生效。',
  ],
  table: [
    { key: '甲方（签章）', value: '佛山市示范物业管理有限公司' },
    { key: '乙方（签字）', value: '李示范' },
    { key: '签订日期', value: '二〇二六年二月二十日' },
  ],
  locale: 'zh-CN',
};

export const SCHOOL_LETTER: A4Document = {
  title: '在读证明',
  subject: 'sample school letter (demo)',
  paragraphs: [
    '兹证明李小明同学，男，二〇一四年九月出生，身份证号码：440604201409120017，系我校六年级三班在读学生，学籍号为G440604201409120017。',
    '该生于二〇二〇年九月入学，学制六年，现就读情况正常。其监护人李示范为该生父亲。',
    '特此证明，本证明仅用于办理户籍及居住证相关业务，有效期三个月。',
  ],
  table: [
    { key: '学校名称', value: '佛山市禅城区示范路小学' },
    { key: '学校地址', value: '佛山市禅城区示范路二十号' },
    { key: '联系电话', value: '0757-8000 0000' },
    { key: '开具日期', value: '二〇二六年二月二十五日' },
  ],
  footer: '（学校教务处盖章）',
  locale: 'zh-CN',
};

export const SAMPLE_PAGES: readonly SamplePage[] = [
  { name: '01-rental-contract', document: RENTAL_CONTRACT, seed: 16_001, turnDeg: 8 },
  { name: '02-school-letter', document: SCHOOL_LETTER, seed: 16_002, turnDeg: -7 },
];

/** Every character printed on a sample page, in order (for the read-back tests). */
export function sampleText(doc: A4Document): string {
  return [doc.title, ...(doc.paragraphs ?? []), ...(doc.table ?? []).flatMap((r) => [r.key, r.value]), doc.footer ?? ''].join(
    '\n',
  );
}
