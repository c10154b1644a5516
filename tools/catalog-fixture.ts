/**
 * A district hall's catalog at the scale of the seed article (禅城区一门式: 456 natural-person matters
 * of which 120 立等可取, 596 legal-person matters of which 55 立等可取), generated deterministically
 * from the department lists below and a seeded generator, so the fixture can be rebuilt byte for byte
 * (`npx tsx tools/build-catalog-fixture.ts`). Names follow the wording of Guangdong's published
 * matter lists (事项（情形）); zh-HK names are converted with OpenCC after a few words Hong Kong writes
 * otherwise (信息 → 資料, 打印 → 列印, 短信 → 短訊); English is given for the
 * departments and life events (a matter without an English name falls back to zh-CN).
 */
import * as opencc from 'opencc-js';
import type { CatalogInput } from '../config/catalog-schema.js';
import type { CatalogIcon } from '../config/vocabulary.js';

/** The seed's figures. */
export const SEED_FIGURES = { person: 456, personInstant: 120, legal: 596, legalInstant: 55 } as const;
export const CATALOG_SEED = 20140301;

type T = { 'zh-CN': string; 'zh-HK': string; en?: string };
/** opencc-js's converter factory (its bundled typings do not resolve under typescript-eslint's project service). */
const Converter = (opencc as unknown as { Converter: (o: { from: string; to: string }) => (s: string) => string }).Converter;
const toHK = Converter({ from: 'cn', to: 'hk' });
/** Words Hong Kong's government services write otherwise (OpenCC converts characters, not vocabulary). */
const HK_WORDS: [RegExp, string][] = [
  [/信息/g, '资料'],
  [/打印/g, '列印'],
  [/短信/g, '短讯'],
  [/网上推送/g, '网上发送'],
  [/您/g, '阁下'],
];
const hk = (zh: string): string => toHK(HK_WORDS.reduce((s, [from, to]) => s.replace(from, to), zh));
const tx = (zh: string, en?: string): T => ({ 'zh-CN': zh, 'zh-HK': hk(zh), ...(en === undefined ? {} : { en }) });

const DEPARTMENTS: Record<string, [string, string]> = {
  ga: ['公安（户政、出入境、交管）', 'Public security (household, exit-entry, traffic)'],
  rs: ['人力资源和社会保障', 'Human resources and social security'],
  yb: ['医疗保障', 'Healthcare security'],
  mz: ['民政', 'Civil affairs'],
  sc: ['市场监督管理', 'Market regulation'],
  sw: ['税务', 'Taxation'],
  zj: ['住房和城乡建设', 'Housing and urban-rural development'],
  gj: ['住房公积金', 'Housing provident fund'],
  jy: ['教育', 'Education'],
  wj: ['卫生健康', 'Health'],
  jt: ['交通运输', 'Transport'],
  zr: ['自然资源（不动产登记）', 'Natural resources (real estate registration)'],
  sf: ['司法行政', 'Justice'],
  ty: ['退役军人事务', 'Veterans affairs'],
  wl: ['文化广电旅游体育', 'Culture, tourism and sports'],
  hj: ['生态环境', 'Ecology and environment'],
  ny: ['农业农村', 'Agriculture and rural affairs'],
  yj: ['应急管理与消防', 'Emergency management and fire safety'],
  cl: ['残疾人联合会', "Disabled persons' federation"],
};

const LIFE_EVENTS: Record<string, [string, string]> = {
  birth: ['出生', 'Having a baby'],
  school: ['入学', 'Starting school'],
  work: ['就业', 'Getting a job'],
  marriage: ['结婚', 'Getting married'],
  home: ['买房租房', 'Buying or renting a home'],
  car: ['购车用车', 'Owning a car'],
  health: ['看病就医', 'Seeing a doctor'],
  retire: ['退休', 'Retiring'],
  death: ['身后事', 'After a death'],
  travel: ['出国出境', 'Travelling abroad'],
  startup: ['开办企业', 'Starting a business'],
  change: ['企业变更', 'Changing a business'],
  closing: ['企业注销', 'Closing a business'],
  building: ['工程建设', 'Building a project'],
  hiring: ['企业招用员工', 'Hiring staff'],
};

/** The picture beside each department (and category: the fixture's categories are its departments) and life event. */
const DEPARTMENT_ICONS: Record<keyof typeof DEPARTMENTS, CatalogIcon> = {
  ga: 'id-card',
  rs: 'work',
  yb: 'health',
  mz: 'family',
  sc: 'shop',
  sw: 'tax',
  zj: 'building',
  gj: 'house',
  jy: 'school',
  wj: 'health',
  jt: 'car',
  zr: 'map',
  sf: 'scales',
  ty: 'medal',
  wl: 'culture',
  hj: 'leaf',
  ny: 'wheat',
  yj: 'shield',
  cl: 'accessible',
};
const LIFE_EVENT_ICONS: Record<keyof typeof LIFE_EVENTS, CatalogIcon> = {
  birth: 'baby',
  school: 'school',
  work: 'work',
  marriage: 'rings',
  home: 'house',
  car: 'car',
  health: 'health',
  retire: 'retire',
  death: 'flower',
  travel: 'plane',
  startup: 'shop',
  change: 'document',
  closing: 'document',
  building: 'building',
  hiring: 'people',
};
const ICONS = { categories: DEPARTMENT_ICONS, departments: DEPARTMENT_ICONS, lifeEvents: LIFE_EVENT_ICONS };

type Audience = 'person' | 'legal-person';
/**
 * One line of a department's list: a subject and how it expands.
 * - `v`: variants, each giving `subject（variant）` (e.g. 住房公积金提取（租房）);
 * - `a`: actions appended to the subject (居民身份证 + 换领);
 * - neither: the subject alone is the matter's name.
 */
interface Line {
  s: string;
  v?: string[];
  a?: string[];
  /** 立等可取 (the result is printed on the spot). */
  i?: boolean;
  life?: string[];
  fee?: number;
  /** A material the citizen brings and deposits (besides the ID card). */
  m?: string;
  /** How a result that takes time reaches the citizen. */
  d?: 'card' | 'record' | 'money';
}

const CARD = ['申领', '换领', '补领'];
const LICENCE = ['（新办）', '（延续）', '（变更）', '（注销）'];
const REGISTRATION = ['设立登记', '变更登记', '注销登记', '备案'];
const REGISTER_PRO = ['（首次注册）', '（变更注册）', '（延续注册）', '（注销注册）'];

/** Natural-person matters by department. */
const PERSON: Record<string, Line[]> = {
  ga: [
    { s: '居民身份证', a: CARD, fee: 20, d: 'card', m: '近期免冠证件照片' },
    { s: '临时居民身份证申领', fee: 10, d: 'card' },
    { s: '户口簿', a: ['换领', '补领'], d: 'card' },
    { s: '出生登记', v: ['新生儿随父母入户', '非婚生育', '收养'], life: ['birth'], d: 'card', m: '出生医学证明' },
    {
      s: '户口迁入',
      v: ['夫妻投靠', '子女投靠父母', '父母投靠子女', '购房入户', '人才引进', '大中专学生入学', '退役士兵'],
      life: ['home', 'school'],
      d: 'card',
    },
    { s: '户口迁出', v: ['市内', '省内', '跨省'], d: 'card' },
    { s: '户口注销', v: ['死亡', '出国定居', '入伍'], life: ['death'], d: 'record' },
    { s: '户籍信息变更更正', v: ['姓名', '出生日期', '民族成分', '文化程度', '服务处所'], d: 'record', m: '变更依据材料' },
    { s: '户籍证明开具', i: true },
    { s: '亲属关系证明开具', i: true, life: ['birth', 'death'] },
    { s: '曾用名证明开具', i: true },
    { s: '死亡人员户口注销证明开具', i: true, life: ['death'] },
    { s: '户籍信息查询打印', i: true, life: ['school'] },
    { s: '无犯罪记录证明开具', i: true, life: ['work'] },
    { s: '居住证', a: CARD, d: 'card', life: ['school', 'work'] },
    { s: '居住证签注', d: 'record' },
    { s: '居住登记', d: 'record', life: ['home'] },
    { s: '居住证明开具', i: true, life: ['school'] },
    { s: '普通护照', a: ['申领', '换发', '补发', '加注'], fee: 120, life: ['travel'], d: 'card', m: '出入境证件照片回执' },
    { s: '往来港澳通行证', a: ['申领', '换发', '补发'], fee: 60, life: ['travel'], d: 'card' },
    {
      s: '往来港澳通行证签注',
      v: ['团队旅游', '个人旅游', '探亲', '商务', '逗留', '其他'],
      fee: 15,
      life: ['travel'],
      d: 'card',
    },
    { s: '往来台湾通行证', a: ['申领', '换发', '补发'], fee: 60, life: ['travel'], d: 'card' },
    { s: '出入境记录查询打印', i: true, life: ['travel'] },
    { s: '机动车驾驶证', a: ['换领', '补领', '延期换证', '提交身体条件证明'], fee: 10, life: ['car'], d: 'card' },
    { s: '机动车驾驶人安全驾驶记录证明开具', i: true, life: ['car', 'work'] },
    { s: '交通违法记录查询打印', i: true, life: ['car'] },
    { s: '机动车检验合格标志核发', i: true, life: ['car'] },
    { s: '机动车行驶证补领', fee: 10, life: ['car'], d: 'card' },
    { s: '机动车号牌补领', fee: 100, life: ['car'], d: 'card' },
    { s: '机动车登记证书补领', fee: 10, life: ['car'], d: 'card' },
    { s: '机动车信息查询打印', i: true, life: ['car'] },
    { s: '机动车注册登记', v: ['新车', '二手车转入'], fee: 10, life: ['car'], d: 'card' },
    { s: '机动车转移登记', v: ['本市', '转出外省市'], life: ['car'], d: 'card' },
    { s: '机动车变更登记', v: ['车身颜色', '发动机', '住所迁出'], life: ['car'], d: 'card' },
    { s: '机动车抵押登记', v: ['抵押', '解除抵押'], life: ['car'], d: 'card' },
    { s: '机动车注销登记', life: ['car'], d: 'record' },
    { s: '机动车临时号牌申领', fee: 5, life: ['car'], d: 'card' },
    { s: '机动车驾驶证初次申领考试预约', life: ['car'], d: 'record' },
    { s: '驾驶人信息变更', v: ['联系方式', '住所'], life: ['car'], d: 'record' },
  ],
  rs: [
    { s: '社会保障卡', a: ['申领', '换领', '补领', '挂失', '解挂', '注销'], life: ['birth', 'work'], d: 'card' },
    { s: '社会保障卡密码重置', i: true },
    { s: '社会保险个人权益记录查询打印', i: true, life: ['work', 'home', 'school'] },
    { s: '社会保险个人参保证明开具', i: true, life: ['school', 'home', 'work'] },
    { s: '养老保险个人缴费明细查询打印', i: true, life: ['retire'] },
    { s: '失业保险个人缴费明细查询打印', i: true },
    { s: '工伤保险个人缴费明细查询打印', i: true },
    { s: '个人参保信息变更', v: ['姓名', '身份证号码', '联系方式', '户籍性质'], d: 'record' },
    { s: '城乡居民基本养老保险', v: ['参保登记', '变更登记', '注销登记', '缴费档次调整'], life: ['retire'], d: 'record' },
    { s: '灵活就业人员参保登记', life: ['work'], d: 'record' },
    { s: '养老保险关系转移接续', v: ['转入', '转出', '城乡衔接'], life: ['work'], d: 'record' },
    { s: '基本养老金申领', v: ['企业职工', '城乡居民', '机关事业单位'], life: ['retire'], d: 'money' },
    { s: '退休人员领取养老金资格认证', i: true, life: ['retire'] },
    { s: '职工正常退休（职）申请', life: ['retire'], d: 'record' },
    { s: '个人账户一次性待遇申领', life: ['death', 'retire'], d: 'money' },
    { s: '丧葬补助金、抚恤金申领', life: ['death'], d: 'money' },
    { s: '失业登记', life: ['work'], d: 'record' },
    { s: '失业保险金申领', life: ['work'], d: 'money' },
    { s: '失业人员职业培训补贴申领', life: ['work'], d: 'money' },
    { s: '就业登记', life: ['work'], d: 'record' },
    { s: '就业创业证', a: ['申领', '补领'], life: ['work'], d: 'card' },
    { s: '就业失业登记证明开具', i: true, life: ['work'] },
    { s: '创业担保贷款申请', life: ['work'], d: 'record' },
    { s: '一次性创业资助申领', life: ['work'], d: 'money' },
    { s: '高校毕业生社保补贴申领', life: ['work'], d: 'money' },
    { s: '职业技能等级证书查询打印', i: true, life: ['work'] },
    { s: '技能提升补贴申领', life: ['work'], d: 'money' },
    { s: '工伤认定申请', d: 'record', m: '医疗诊断证明' },
    { s: '劳动能力鉴定申请', d: 'record', m: '病历资料' },
    { s: '工伤保险待遇申领', v: ['医疗费', '伤残待遇', '供养亲属抚恤金'], d: 'money' },
    { s: '劳动人事争议仲裁申请', d: 'record', m: '仲裁申请书' },
    { s: '人才引进入户核准', life: ['home', 'work'], d: 'record' },
    { s: '专业技术人员职业资格证书查询打印', i: true },
    { s: '个人档案', v: ['转入', '转出', '查阅'], d: 'record' },
    { s: '存档证明开具', i: true, life: ['work'] },
    { s: '职称评审申报', v: ['初级', '中级', '副高级', '正高级'], life: ['work'], d: 'card' },
    { s: '专业技术人员继续教育学时登记', life: ['work'], d: 'record' },
    { s: '职业技能等级认定报名', life: ['work'], d: 'record' },
    { s: '高校毕业生报到手续办理', v: ['报到', '改派', '档案接收'], life: ['work'], d: 'record' },
    { s: '企业职工基本养老保险', v: ['个人补缴', '延长缴费', '视同缴费年限认定'], life: ['retire'], d: 'record' },
    { s: '失业保险待遇暂停与恢复', life: ['work'], d: 'record' },
  ],
  yb: [
    { s: '医保电子凭证激活', i: true, life: ['health'] },
    { s: '基本医疗保险参保信息查询打印', i: true, life: ['health', 'school'] },
    { s: '基本医疗保险参保证明开具', i: true, life: ['health', 'school'] },
    { s: '医保个人账户明细查询打印', i: true, life: ['health'] },
    {
      s: '城乡居民基本医疗保险参保登记',
      v: ['新生儿', '在校学生', '成年居民', '灵活就业人员'],
      life: ['birth', 'school', 'health'],
      d: 'record',
    },
    { s: '医保关系转移接续', v: ['转入', '转出'], life: ['work', 'health'], d: 'record' },
    {
      s: '异地就医备案',
      v: ['异地长期居住', '临时外出就医', '异地转诊', '异地安置退休'],
      life: ['health', 'retire'],
      d: 'record',
    },
    {
      s: '门诊特定病种待遇认定',
      v: ['恶性肿瘤', '慢性肾功能衰竭', '糖尿病', '高血压', '精神分裂症'],
      life: ['health'],
      d: 'record',
      m: '病历及诊断证明',
    },
    { s: '零星医疗费用报销', v: ['异地就医', '急诊', '转外就医'], life: ['health'], d: 'money', m: '医疗费用票据' },
    { s: '生育医疗费用报销', life: ['birth'], d: 'money', m: '医疗费用票据' },
    { s: '生育津贴申领', life: ['birth'], d: 'money' },
    { s: '医疗救助申请', life: ['health'], d: 'money' },
    { s: '长期护理保险待遇申请', life: ['health', 'retire'], d: 'record' },
    { s: '定点医疗机构变更', life: ['health'], d: 'record' },
    { s: '城乡居民医疗保险缴费', v: ['年度缴费', '中途参保补缴'], life: ['health'], d: 'record' },
    { s: '职工医保个人账户家庭共济绑定', v: ['绑定', '解除绑定'], life: ['health', 'birth'], d: 'record' },
    { s: '特殊药品使用备案', life: ['health'], d: 'record', m: '处方及诊断证明' },
    { s: '医保待遇', v: ['暂停', '恢复'], life: ['health'], d: 'record' },
  ],
  mz: [
    { s: '婚姻登记预约', life: ['marriage'], d: 'record' },
    { s: '婚姻登记记录证明开具', i: true, life: ['marriage', 'home'] },
    { s: '婚姻登记档案查询打印', i: true, life: ['marriage'] },
    { s: '补领婚姻登记证', v: ['结婚证', '离婚证'], life: ['marriage'], d: 'card' },
    { s: '最低生活保障', v: ['申请', '变更', '停发'], d: 'money', m: '家庭收入情况说明' },
    { s: '特困人员救助供养申请', d: 'money' },
    { s: '临时救助申请', d: 'money' },
    { s: '低收入家庭认定', d: 'record' },
    { s: '高龄津贴申领', life: ['retire'], d: 'money' },
    { s: '老年人优待证', a: ['申领', '补领'], life: ['retire'], fee: 0, d: 'card' },
    { s: '困难残疾人生活补贴申领', d: 'money' },
    { s: '重度残疾人护理补贴申领', d: 'money' },
    { s: '孤儿基本生活费申领', d: 'money' },
    { s: '事实无人抚养儿童认定', d: 'record' },
    { s: '惠民殡葬补贴申领', life: ['death'], d: 'money' },
    { s: '居家养老服务申请', life: ['retire'], d: 'record' },
    { s: '收养登记', v: ['收养', '解除收养'], life: ['birth'], d: 'card' },
    { s: '低保救助证明开具', i: true },
    { s: '殡葬服务预约', v: ['遗体接运', '火化', '骨灰寄存'], life: ['death'], d: 'record' },
    { s: '社会救助家庭经济状况核对授权', d: 'record' },
    { s: '困难群众基本生活救助', v: ['申请', '复核'], d: 'money' },
  ],
  sw: [
    { s: '个人所得税纳税记录开具', i: true, life: ['home', 'work'] },
    { s: '个人完税证明开具', i: true, life: ['home'] },
    { s: '税收完税证明（文书式）开具', i: true },
    { s: '个人所得税综合所得汇算清缴', d: 'record' },
    {
      s: '个人所得税专项附加扣除信息采集',
      v: ['子女教育', '继续教育', '大病医疗', '住房贷款利息', '住房租金', '赡养老人', '3岁以下婴幼儿照护'],
      life: ['birth', 'school', 'home'],
      d: 'record',
    },
    { s: '代开增值税发票', v: ['出租不动产', '销售不动产', '劳务报酬'], d: 'record' },
    { s: '个人存量房交易税费申报', life: ['home'], d: 'record' },
    { s: '城乡居民养老保险费缴纳', d: 'record' },
    { s: '车船税缴纳', life: ['car'], d: 'record' },
    { s: '个人出租房屋税费申报', life: ['home'], d: 'record' },
    { s: '个人股权转让所得申报', d: 'record' },
    { s: '契税申报', v: ['首套住房', '改善性住房', '继承赠与'], life: ['home', 'death'], d: 'record' },
  ],
  zj: [
    { s: '公共租赁住房', v: ['申请', '续租', '退租'], life: ['home'], d: 'record' },
    { s: '住房租赁登记备案', life: ['home'], d: 'record' },
    { s: '商品房买卖合同网签备案', life: ['home'], d: 'record' },
    { s: '个人住房信息查询打印', i: true, life: ['home', 'marriage'] },
    { s: '无房证明开具', i: true, life: ['home', 'marriage'] },
    { s: '人才住房补贴申领', life: ['home', 'work'], d: 'money' },
    { s: '住宅专项维修资金使用申请', life: ['home'], d: 'record' },
    { s: '房屋安全鉴定申请', life: ['home'], d: 'record' },
    { s: '既有住宅加装电梯申请', life: ['home', 'retire'], d: 'record' },
    { s: '共有产权住房', v: ['申购', '转让', '退出'], life: ['home'], d: 'record' },
  ],
  gj: [
    {
      s: '住房公积金提取',
      v: ['购买自住住房', '租赁住房', '偿还购房贷款', '离休退休', '离职', '出境定居', '重大疾病', '职工死亡', '加装电梯'],
      life: ['home', 'retire', 'death'],
      d: 'money',
    },
    { s: '住房公积金个人账户', v: ['设立', '封存', '启封', '转移'], life: ['work'], d: 'record' },
    { s: '住房公积金个人缴存证明开具', i: true, life: ['home'] },
    { s: '住房公积金个人账户明细查询打印', i: true, life: ['home'] },
    { s: '住房公积金贷款', v: ['申请', '提前还款', '变更还款方式', '结清证明开具'], life: ['home'], d: 'record' },
    { s: '灵活就业人员住房公积金缴存登记', life: ['work'], d: 'record' },
    { s: '住房公积金贷款还款明细查询打印', i: true, life: ['home'] },
  ],
  jy: [
    { s: '义务教育入学', v: ['小学一年级', '初中一年级', '随迁子女积分入学'], life: ['school'], d: 'record' },
    { s: '学籍信息查询打印', i: true, life: ['school'] },
    { s: '中小学生转学', life: ['school'], d: 'record' },
    { s: '学历证明书开具', i: true, life: ['work'] },
    { s: '教师资格认定', v: ['幼儿园', '小学', '初级中学', '高级中学'], life: ['work'], d: 'card' },
    { s: '教师资格证书补发换发', d: 'card' },
    { s: '学生资助申请', v: ['学前教育', '普通高中', '中职'], life: ['school'], d: 'money' },
    { s: '高中阶段学校招生考试成绩查询打印', i: true, life: ['school'] },
    { s: '中等职业学校免学费申请', life: ['school'], d: 'money' },
    { s: '学历学位认证预约', life: ['work', 'travel'], d: 'record' },
    { s: '随迁子女积分申请', life: ['school', 'home'], d: 'record' },
  ],
  wj: [
    { s: '出生医学证明', a: ['首次签发', '补发', '换发'], life: ['birth'], d: 'card' },
    { s: '生育登记', v: ['一孩', '二孩', '三孩'], life: ['birth', 'marriage'], d: 'record' },
    { s: '预防接种证查验证明开具', i: true, life: ['school', 'birth'] },
    { s: '育儿补贴申领', life: ['birth'], d: 'money' },
    { s: '计划生育家庭特别扶助金申领', d: 'money' },
    { s: '独生子女父母奖励', v: ['退休补助', '一次性奖励'], life: ['retire'], d: 'money' },
    { s: '医师执业注册', v: REGISTER_PRO.map((x) => x.slice(1, -1)), life: ['work'], d: 'card' },
    { s: '护士执业注册', v: REGISTER_PRO.map((x) => x.slice(1, -1)), life: ['work'], d: 'card' },
    { s: '健康证明开具（从业人员）', d: 'card', life: ['work'] },
    { s: '婚前医学检查预约', life: ['marriage'], d: 'record' },
    { s: '家庭医生签约', v: ['签约', '续约', '解约'], life: ['health', 'retire'], d: 'record' },
    { s: '老年人免费健康体检预约', life: ['retire', 'health'], d: 'record' },
    { s: '无偿献血者用血费用报销', life: ['health'], d: 'money' },
  ],
  jt: [
    { s: '出租汽车驾驶员从业资格证', a: ['申领', '换证', '补证', '注销'], life: ['work'], d: 'card' },
    { s: '网络预约出租汽车驾驶员证', a: ['申领', '换证', '补证'], life: ['work'], d: 'card' },
    { s: '道路运输从业人员从业资格证', a: ['申领', '换证', '补证', '变更'], life: ['work'], d: 'card' },
    { s: '从业资格信息查询打印', i: true, life: ['work'] },
    { s: '老年人乘车优惠卡申领', life: ['retire'], d: 'card' },
    { s: '学生公交优惠卡申领', life: ['school'], d: 'card' },
  ],
  zr: [
    { s: '不动产登记资料查询打印', v: ['本人名下', '指定不动产', '抵押状况'], i: true, life: ['home', 'marriage'] },
    { s: '不动产转移登记', v: ['买卖', '继承', '赠与', '离婚析产', '夫妻更名'], life: ['home', 'death', 'marriage'], d: 'card' },
    { s: '不动产抵押登记', v: ['首次', '变更', '注销'], life: ['home'], d: 'card' },
    { s: '不动产变更登记', v: ['姓名', '身份证号码', '共有方式'], life: ['home'], d: 'card' },
    { s: '不动产权证书补证换证', life: ['home'], fee: 10, d: 'card' },
    { s: '预告登记', v: ['预购商品房', '预购商品房抵押', '注销'], life: ['home'], d: 'record' },
    { s: '宅基地使用权及房屋所有权首次登记', life: ['home'], d: 'card' },
    { s: '异议登记', d: 'record' },
  ],
  sf: [
    { s: '法律援助申请', d: 'record' },
    {
      s: '公证预约',
      v: ['出生', '亲属关系', '学历', '无犯罪记录', '婚姻状况'],
      life: ['travel', 'birth', 'marriage'],
      d: 'card',
    },
    { s: '人民调解申请', d: 'record' },
    { s: '律师执业证', a: ['申领', '换发', '注销'], life: ['work'], d: 'card' },
    { s: '基层法律服务工作者执业核准', d: 'card' },
  ],
  ty: [
    { s: '退役军人优待证申领', d: 'card' },
    { s: '退役士兵自主就业一次性经济补助', d: 'money', life: ['work'] },
    { s: '退役军人信息采集', d: 'record' },
    { s: '优抚对象抚恤补助金申领', d: 'money' },
    { s: '烈士纪念设施祭扫预约', d: 'record' },
    { s: '退役军人身份证明开具', i: true },
  ],
  wl: [
    { s: '导游证', a: ['申领', '换发', '注销'], life: ['work'], d: 'card' },
    { s: '社会体育指导员技术等级认定', d: 'card' },
    { s: '图书馆读者证办理', d: 'card' },
  ],
  ny: [
    { s: '农村土地承包经营权', v: ['流转备案', '变更', '证书补发'], d: 'card' },
    { s: '农村宅基地申请', life: ['home'], d: 'record' },
    { s: '渔业船员证书', a: ['申领', '换发'], d: 'card' },
    { s: '农机驾驶证', a: ['申领', '换证', '补证'], d: 'card' },
  ],
  cl: [
    { s: '残疾人证', a: ['新办', '换领', '补领', '迁移', '等级变更', '注销'], d: 'card', m: '残疾评定表' },
    { s: '残疾人辅助器具适配申请', d: 'record' },
    { s: '残疾人就业补贴申领', d: 'money', life: ['work'] },
    { s: '残疾人证信息查询打印', i: true },
  ],
};

/** Legal-person matters by department. */
const LEGAL: Record<string, Line[]> = {
  sc: [
    { s: '有限责任公司', a: REGISTRATION, life: ['startup', 'change', 'closing'], d: 'card' },
    { s: '股份有限公司', a: REGISTRATION, life: ['startup', 'change', 'closing'], d: 'card' },
    { s: '个人独资企业', a: REGISTRATION, life: ['startup', 'change', 'closing'], d: 'card' },
    { s: '合伙企业', a: REGISTRATION, life: ['startup', 'change', 'closing'], d: 'card' },
    { s: '农民专业合作社', a: REGISTRATION, life: ['startup', 'change', 'closing'], d: 'card' },
    { s: '外商投资企业', a: REGISTRATION, life: ['startup', 'change', 'closing'], d: 'card' },
    { s: '分公司', a: REGISTRATION, life: ['startup', 'change', 'closing'], d: 'card' },
    { s: '个体工商户', a: ['设立登记', '变更登记', '注销登记', '转型为企业'], life: ['startup', 'change', 'closing'], d: 'card' },
    { s: '企业简易注销登记', life: ['closing'], d: 'record' },
    { s: '企业名称自主申报', life: ['startup'], d: 'record' },
    { s: '营业执照', a: ['补领', '换领'], d: 'card' },
    { s: '企业登记档案查询打印', i: true, life: ['change'] },
    { s: '企业信用信息公示报告打印', i: true },
    { s: '市场主体登记基本信息查询打印', i: true },
    { s: '企业年度报告公示', d: 'record' },
    { s: '经营异常名录移出申请', d: 'record' },
    { s: '动产抵押登记', v: ['设立', '变更', '注销'], d: 'record' },
    { s: '股权出质登记', v: ['设立', '变更', '注销', '撤销'], d: 'record' },
    { s: '食品经营许可', v: LICENCE.map((x) => x.slice(1, -1)).concat('补证'), life: ['startup'], d: 'card' },
    { s: '食品生产许可', v: LICENCE.map((x) => x.slice(1, -1)).concat('补证'), life: ['startup'], d: 'card' },
    { s: '食品小作坊登记', v: ['新办', '变更', '注销'], life: ['startup'], d: 'card' },
    { s: '小餐饮经营许可', v: ['新办', '延续', '变更', '注销'], life: ['startup'], d: 'card' },
    { s: '药品零售企业经营许可', v: LICENCE.map((x) => x.slice(1, -1)), life: ['startup'], d: 'card' },
    { s: '第三类医疗器械经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '第二类医疗器械经营备案', v: ['新办', '变更', '注销'], d: 'record' },
    { s: '特种设备使用登记', v: ['新办', '变更', '停用', '注销'], d: 'card' },
    { s: '工业产品生产许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '计量器具强制检定备案', d: 'record' },
    { s: '检验检测机构资质认定', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '食品经营许可证信息查询打印', i: true },
    { s: '企业迁移登记', v: ['迁入', '迁出'], life: ['change'], d: 'card' },
    { s: '企业分立合并登记', v: ['分立', '合并'], life: ['change'], d: 'card' },
    { s: '企业章程备案', life: ['change'], d: 'record' },
    { s: '企业董事监事经理备案', life: ['change'], d: 'record' },
    { s: '企业联络员备案', life: ['startup', 'change'], d: 'record' },
    { s: '清算组备案', life: ['closing'], d: 'record' },
    { s: '网络交易经营者登记', v: ['新办', '变更', '注销'], life: ['startup'], d: 'record' },
    { s: '商标质押登记', v: ['设立', '变更', '注销'], d: 'record' },
    { s: '广告发布登记', v: ['新办', '变更', '注销'], d: 'card' },
    { s: '化妆品经营备案', v: ['新办', '变更'], d: 'record' },
    { s: '保健食品经营备案', v: ['新办', '变更'], d: 'record' },
    { s: '重要工业产品生产许可证信息查询打印', i: true },
    { s: '计量标准考核', v: ['新建', '复查', '变更'], d: 'card' },
  ],
  sw: [
    { s: '税务登记信息确认', life: ['startup'], d: 'record' },
    { s: '增值税一般纳税人登记', life: ['startup'], d: 'record' },
    { s: '发票领用', v: ['增值税专用发票', '普通发票', '电子发票'], life: ['startup'], d: 'record' },
    { s: '发票票种核定', v: ['新办', '调整'], life: ['startup'], d: 'record' },
    { s: '增值税专用发票最高开票限额审批', d: 'record' },
    { s: '发票缴销', life: ['closing'], d: 'record' },
    { s: '跨区域涉税事项报告', v: ['报告', '报验', '反馈'], d: 'record' },
    {
      s: '纳税申报',
      v: [
        '增值税',
        '消费税',
        '企业所得税月（季）度预缴',
        '企业所得税年度汇算清缴',
        '印花税',
        '房产税',
        '城镇土地使用税',
        '土地增值税',
        '环境保护税',
        '资源税',
        '车船税',
        '附加税费',
      ],
      d: 'record',
    },
    { s: '财务会计制度及核算软件备案', life: ['startup'], d: 'record' },
    { s: '存款账户账号报告', life: ['startup'], d: 'record' },
    { s: '出口退（免）税备案', v: ['备案', '变更', '撤回'], d: 'record' },
    { s: '出口退（免）税申报', d: 'money' },
    { s: '增值税留抵退税申请', d: 'money' },
    { s: '纳税信用复评', d: 'record' },
    { s: '纳税信用修复', d: 'record' },
    { s: '清税申报', life: ['closing'], d: 'record' },
    { s: '税务注销', v: ['一般流程', '即办'], life: ['closing'], d: 'record' },
    { s: '纳税证明开具', v: ['完税情况', '纳税记录', '无欠税'], i: true },
    { s: '税收居民身份证明开具', d: 'card' },
    { s: '企业纳税信用评价结果查询打印', i: true },
    { s: '涉税信息查询打印', i: true },
    { s: '社会保险费申报缴纳', life: ['hiring'], d: 'record' },
    { s: '残疾人就业保障金申报', life: ['hiring'], d: 'record' },
    { s: '税务登记信息变更', v: ['法定代表人', '经营范围', '注册资本', '财务负责人', '办税人员'], life: ['change'], d: 'record' },
    { s: '税控设备', v: ['发行', '变更发行', '注销发行'], life: ['startup'], d: 'card' },
    { s: '税费优惠备案', v: ['小型微利企业', '高新技术企业', '研发费用加计扣除', '软件企业'], d: 'record' },
    { s: '非正常户解除', d: 'record' },
    { s: '代扣代缴手续费申请', d: 'money' },
    { s: '退抵税费申请', d: 'money' },
    { s: '发票真伪鉴定', i: true },
    { s: '税务文书领取', v: ['税务事项通知书', '税务处理决定书'], d: 'record' },
  ],
  rs: [
    { s: '用人单位社会保险', a: ['参保登记', '变更登记', '注销登记'], life: ['startup', 'hiring', 'closing'], d: 'record' },
    { s: '单位参保证明开具', i: true, life: ['hiring'] },
    { s: '单位参保缴费明细查询打印', i: true },
    { s: '职工参保', v: ['增员', '减员', '基数申报', '补缴'], life: ['hiring'], d: 'record' },
    { s: '用人单位招用员工就业登记', life: ['hiring'], d: 'record' },
    { s: '人力资源服务许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '劳务派遣经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '特殊工时工作制审批', v: ['综合计算工时', '不定时工作制', '延续'], d: 'record' },
    { s: '失业保险稳岗返还申领', life: ['hiring'], d: 'money' },
    { s: '企业职工适岗培训补贴申领', life: ['hiring'], d: 'money' },
    { s: '吸纳就业补贴申领', v: ['高校毕业生', '就业困难人员', '脱贫人口'], life: ['hiring'], d: 'money' },
    { s: '工伤保险待遇核定（单位申报）', d: 'money' },
    { s: '企业年金方案备案', d: 'record' },
    { s: '企业经济性裁员报告', d: 'record' },
    { s: '企业实行工资集体协商备案', d: 'record' },
    { s: '职业技能等级认定机构备案', d: 'record' },
    { s: '民办职业培训学校', v: ['设立', '变更', '终止'], d: 'card' },
    { s: '劳动合同备案', v: ['新签', '续签', '解除'], life: ['hiring'], d: 'record' },
    { s: '集体合同审查', d: 'record' },
    { s: '用人单位招聘外国人工作许可', v: ['新办', '延期', '变更', '注销'], life: ['hiring'], d: 'card' },
    { s: '单位社会保险费缓缴申请', d: 'record' },
    { s: '以工代训补贴申领', life: ['hiring'], d: 'money' },
    { s: '劳务派遣经营许可证信息查询打印', i: true },
  ],
  yb: [
    { s: '单位医疗保险参保登记', v: ['新参保', '变更', '注销'], life: ['startup', 'hiring', 'closing'], d: 'record' },
    { s: '单位医保缴费明细查询打印', i: true },
    { s: '定点医药机构申请', v: ['定点医疗机构', '定点零售药店'], d: 'record' },
    { s: '定点医药机构信息变更', d: 'record' },
    { s: '医疗机构医保费用结算申报', d: 'money' },
  ],
  gj: [
    { s: '单位住房公积金缴存登记', v: ['设立', '变更', '注销'], life: ['startup', 'change', 'closing'], d: 'record' },
    { s: '单位住房公积金', v: ['汇缴', '补缴', '缓缴', '降低缴存比例', '缴存基数调整'], life: ['hiring'], d: 'record' },
    { s: '职工住房公积金账户', v: ['增员', '减员', '转移'], life: ['hiring'], d: 'record' },
    { s: '单位住房公积金缴存证明开具', i: true },
    { s: '单位住房公积金缴存明细查询打印', i: true },
  ],
  zj: [
    { s: '建筑工程施工许可', v: ['新办', '变更', '延期'], life: ['building'], d: 'card' },
    { s: '建筑业企业资质', v: ['新办', '延续', '变更', '增项', '注销'], d: 'card' },
    { s: '工程监理企业资质', v: ['新办', '延续', '变更'], d: 'card' },
    { s: '房地产开发企业资质', v: ['核定', '延续', '变更', '注销'], d: 'card' },
    { s: '建设工程消防验收', life: ['building'], d: 'record' },
    { s: '建设工程消防验收备案', life: ['building'], d: 'record' },
    { s: '建设工程竣工验收备案', life: ['building'], d: 'record' },
    { s: '商品房预售许可', v: ['新办', '变更'], life: ['building'], d: 'card' },
    { s: '商品房现售备案', life: ['building'], d: 'record' },
    { s: '燃气经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '城市建筑垃圾处置核准', life: ['building'], d: 'record' },
    { s: '施工图设计文件审查备案', life: ['building'], d: 'record' },
    { s: '建设工程招标投标情况书面报告备案', life: ['building'], d: 'record' },
    { s: '安全生产许可（建筑施工企业）', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '建筑施工特种作业人员操作资格', v: ['考核', '延期', '补证'], d: 'card' },
    { s: '物业服务合同备案', d: 'record' },
    { s: '房屋租赁企业备案', d: 'record' },
    { s: '城镇污水排入排水管网许可', v: ['新办', '延续', '变更'], d: 'card' },
    { s: '企业资质证书信息查询打印', i: true },
    { s: '建设工程质量监督登记', life: ['building'], d: 'record' },
    { s: '建设工程安全监督登记', life: ['building'], d: 'record' },
    { s: '夜间施工许可', life: ['building'], d: 'record' },
    { s: '建筑起重机械', v: ['产权备案', '使用登记', '注销'], life: ['building'], d: 'card' },
    { s: '城市道路占用挖掘许可', v: ['新办', '延期'], life: ['building'], d: 'record' },
    { s: '户外广告设施设置审批', v: ['新设', '延续', '变更'], d: 'card' },
    { s: '城市绿地占用审批', life: ['building'], d: 'record' },
    { s: '树木迁移砍伐审批', life: ['building'], d: 'record' },
  ],
  jt: [
    { s: '道路货物运输经营许可', v: LICENCE.map((x) => x.slice(1, -1)), life: ['startup'], d: 'card' },
    { s: '道路旅客运输经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '出租汽车经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '网络预约出租汽车经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '网络预约出租汽车运输证', v: ['配发', '换发', '补发', '注销'], d: 'card' },
    { s: '道路运输证', v: ['配发', '换发', '补发', '注销', '年审'], d: 'card' },
    { s: '机动车维修经营备案', v: ['新办', '变更', '注销'], d: 'record' },
    { s: '机动车驾驶员培训经营备案', v: ['新办', '变更', '注销'], d: 'record' },
    { s: '超限运输车辆行驶公路许可', d: 'record' },
    { s: '公路占用挖掘许可', d: 'record' },
    { s: '涉路施工许可', d: 'record' },
    { s: '港口经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '道路运输经营许可信息查询打印', i: true },
    { s: '危险货物道路运输经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '客运班线经营许可', v: ['新办', '延续', '变更', '终止'], d: 'card' },
    { s: '水路运输经营许可', v: ['新办', '变更', '注销'], d: 'card' },
    { s: '国际道路运输经营许可', v: ['新办', '变更'], d: 'card' },
  ],
  wj: [
    { s: '医疗机构执业许可', v: LICENCE.map((x) => x.slice(1, -1)).concat('校验'), d: 'card' },
    { s: '诊所备案', v: ['新办', '变更', '注销'], d: 'record' },
    { s: '公共场所卫生许可', v: LICENCE.map((x) => x.slice(1, -1)).concat('补证'), life: ['startup'], d: 'card' },
    { s: '放射诊疗许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '母婴保健技术服务执业许可', v: ['新办', '延续', '变更'], d: 'card' },
    { s: '饮用水供水单位卫生许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '消毒产品生产企业卫生许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '托育机构备案', v: ['新办', '变更'], d: 'record' },
    { s: '职业病危害项目申报', d: 'record' },
    { s: '医疗广告审查', d: 'record' },
    { s: '二级及以下医疗机构设置审批', life: ['startup'], d: 'card' },
    { s: '护士执业注册（单位申报）', d: 'card' },
    { s: '医疗机构信息查询打印', i: true },
  ],
  hj: [
    { s: '排污许可', v: LICENCE.map((x) => x.slice(1, -1)).concat('重新申请'), life: ['startup', 'building'], d: 'card' },
    { s: '固定污染源排污登记', v: ['首次', '变更', '注销'], d: 'record' },
    { s: '建设项目环境影响报告书审批', life: ['building'], d: 'record' },
    { s: '建设项目环境影响报告表审批', life: ['building'], d: 'record' },
    { s: '建设项目环境影响登记表备案', life: ['building'], d: 'record' },
    { s: '危险废物经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '辐射安全许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '突发环境事件应急预案备案', d: 'record' },
    { s: '建设项目竣工环境保护验收备案', life: ['building'], d: 'record' },
    { s: '危险废物转移', v: ['计划备案', '联单申请'], d: 'record' },
    { s: '夜间建筑施工噪声排放许可', life: ['building'], d: 'record' },
    { s: '环境影响评价审批结果查询打印', i: true },
  ],
  wl: [
    { s: '娱乐场所经营许可', v: LICENCE.map((x) => x.slice(1, -1)), life: ['startup'], d: 'card' },
    { s: '互联网上网服务营业场所经营许可', v: LICENCE.map((x) => x.slice(1, -1)), life: ['startup'], d: 'card' },
    { s: '营业性演出审批', v: ['新办', '变更'], d: 'record' },
    { s: '演出经纪机构设立', v: ['新办', '变更'], d: 'card' },
    { s: '旅行社业务经营许可', v: ['新办', '变更', '注销'], life: ['startup'], d: 'card' },
    { s: '旅行社分社备案', v: ['新办', '变更', '注销'], d: 'record' },
    { s: '高危险性体育项目经营许可', v: ['游泳', '攀岩', '潜水', '滑雪'], d: 'card' },
    { s: '出版物零售单位设立', v: ['新办', '变更'], life: ['startup'], d: 'card' },
    { s: '印刷经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '艺术品经营单位备案', d: 'record' },
    { s: '文物保护单位修缮审批', d: 'record' },
  ],
  yj: [
    { s: '危险化学品经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '烟花爆竹经营（零售）许可', v: ['新办', '延续', '变更'], d: 'card' },
    { s: '非药品类易制毒化学品经营备案', v: ['新办', '变更', '注销'], d: 'record' },
    { s: '生产安全事故应急预案备案', d: 'record' },
    { s: '公众聚集场所投入使用营业前消防安全检查', life: ['startup'], d: 'record' },
    { s: '安全生产标准化定级', d: 'record' },
  ],
  ny: [
    { s: '农药经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '兽药经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '农作物种子生产经营许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '动物防疫条件合格证', v: ['核发', '变更', '补发'], d: 'card' },
    { s: '渔业捕捞许可', v: ['新办', '换发', '注销'], d: 'card' },
    { s: '生猪定点屠宰证书核发', d: 'card' },
    { s: '肥料登记', d: 'record' },
    { s: '饲料和饲料添加剂生产许可', v: ['新办', '变更', '延续'], d: 'card' },
  ],
  mz: [
    { s: '社会团体', a: ['成立登记', '变更登记', '注销登记', '年度检查'], d: 'card' },
    { s: '民办非企业单位', a: ['成立登记', '变更登记', '注销登记', '年度检查'], d: 'card' },
    { s: '养老机构备案', v: ['新办', '变更', '注销'], d: 'record' },
    { s: '慈善组织认定', d: 'record' },
    { s: '公开募捐资格申请', d: 'record' },
    { s: '经营性公墓审核', d: 'record' },
    { s: '社会组织登记证书查询打印', i: true },
  ],
  jy: [
    { s: '民办学校办学许可', v: ['设立', '变更', '延续', '终止'], d: 'card' },
    { s: '幼儿园设立', v: ['审批', '变更', '注销'], d: 'card' },
    { s: '校外培训机构', v: ['设立', '变更', '终止'], d: 'card' },
    { s: '民办学校年度检查', d: 'record' },
    { s: '民办学校章程修改核准', d: 'record' },
    { s: '民办学校收费备案', d: 'record' },
    { s: '教师资格定期注册（学校申报）', d: 'record' },
    { s: '托管服务机构备案', v: ['新办', '变更', '注销'], d: 'record' },
    { s: '民办学校办学许可证信息查询打印', i: true },
  ],
  zr: [
    { s: '建设用地规划许可', v: ['新办', '变更', '延续'], life: ['building'], d: 'card' },
    { s: '建设工程规划许可', v: ['新办', '变更', '延续'], life: ['building'], d: 'card' },
    { s: '建设项目用地预审与选址意见书', life: ['building'], d: 'card' },
    { s: '国有建设用地使用权首次登记', life: ['building'], d: 'card' },
    { s: '企业不动产转移登记', v: ['买卖', '作价出资', '合并分立', '司法裁定'], d: 'card' },
    { s: '企业不动产抵押登记', v: ['首次', '变更', '注销', '在建建筑物'], d: 'card' },
    { s: '建设工程规划条件核实', life: ['building'], d: 'record' },
    { s: '企业不动产登记资料查询打印', i: true },
    { s: '临时用地审批', v: ['新办', '延期'], life: ['building'], d: 'record' },
  ],
  ga: [
    { s: '公章刻制备案', v: ['新刻', '变更', '缴销'], life: ['startup', 'change', 'closing'], d: 'card' },
    { s: '旅馆业特种行业许可', v: LICENCE.map((x) => x.slice(1, -1)), d: 'card' },
    { s: '保安服务许可', v: ['新办', '变更'], d: 'card' },
    { s: '公章刻制备案信息查询打印', i: true },
    { s: '单位机动车登记', v: ['注册', '转移', '变更', '抵押', '注销'], d: 'card' },
    { s: '大型群众性活动安全许可', d: 'record' },
    { s: '典当业特种行业许可', v: ['新办', '变更', '注销'], d: 'card' },
    { s: '开锁业备案', v: ['新办', '变更'], d: 'record' },
    { s: '单位内部保安员备案', d: 'record' },
    { s: '剧毒化学品购买许可', d: 'card' },
    { s: '民用爆炸物品购买许可', d: 'card' },
  ],
  sf: [
    { s: '律师事务所', v: ['设立', '变更', '注销'], d: 'card' },
    { s: '司法鉴定机构登记', v: ['设立', '变更', '延续', '注销'], d: 'card' },
    { s: '基层法律服务所', v: ['设立', '变更', '注销'], d: 'card' },
    { s: '企业公证预约', v: ['营业执照', '章程', '合同'], d: 'card' },
  ],
  ty: [{ s: '吸纳退役军人就业优惠政策申请', life: ['hiring'], d: 'money' }],
  cl: [
    { s: '按比例安排残疾人就业审核', life: ['hiring'], d: 'record' },
    { s: '残疾人就业情况证明开具', i: true, life: ['hiring'] },
    { s: '残疾人就业单位认定', d: 'record' },
    { s: '无障碍环境建设审核', life: ['building'], d: 'record' },
  ],
};

/** Certificate-style instant matters: more of them, formed from the department's subjects (…证明开具 / …查询打印). */
const EXTRA_INSTANT: Record<Audience, Record<string, string[]>> = {
  person: {
    ga: [
      '户口迁移证明开具',
      '户籍注销证明开具',
      '暂住记录证明开具',
      '身份证受理回执打印',
      '居住证受理回执打印',
      '出入境证件受理回执打印',
      '驾驶证审验记录查询打印',
      '驾驶人记分查询打印',
      '机动车违法处理凭证打印',
      '犬只登记信息查询打印',
    ],
    rs: [
      '社会保障卡信息查询打印',
      '个人养老金权益单打印',
      '失业保险金领取记录打印',
      '就业登记信息查询打印',
      '退休审批表打印',
      '职称证书信息查询打印',
      '劳动合同备案记录打印',
      '工伤认定结论书打印',
      '个人参保缴费凭证打印',
      '社会保险待遇领取证明开具',
      '灵活就业缴费记录打印',
      '人才引进入户受理回执打印',
      '医疗期证明开具',
      '技能补贴发放记录打印',
    ],
    yb: [
      '医保待遇享受情况打印',
      '异地就医备案回执打印',
      '门诊特定病种资格证明打印',
      '医保报销结算单打印',
      '参保缴费凭证打印',
      '城乡居民医保缴费凭证打印',
      '生育津贴发放记录打印',
      '医疗救助结算单打印',
    ],
    mz: [
      '低保对象身份证明开具',
      '特困人员身份证明开具',
      '高龄津贴发放记录打印',
      '养老服务补贴记录打印',
      '殡葬补贴发放记录打印',
      '困难群众救助记录打印',
    ],
    sw: ['个人所得税年度汇算结果打印', '专项附加扣除信息打印', '车船税完税证明开具', '契税完税凭证打印', '个人代开发票查询打印'],
    zj: ['公租房资格证明开具', '租赁备案证明打印', '网签合同备案信息打印', '人才住房补贴发放记录打印'],
    gj: ['住房公积金提取记录打印', '住房公积金贷款结清证明打印', '住房公积金个人信用报告打印', '公积金账户封存证明开具'],
    jy: ['入学登记回执打印', '学生资助发放记录打印', '教师资格证书信息查询打印', '毕业证书信息查询打印'],
    wj: [
      '出生医学证明信息查询打印',
      '生育登记服务回执打印',
      '计生特扶金发放记录打印',
      '医师执业证书信息查询打印',
      '护士执业证书信息查询打印',
      '预防接种记录打印',
    ],
    jt: ['从业资格证诚信考核记录打印', '老年人乘车卡信息查询打印'],
    zr: ['房产证明（有无房产）开具', '不动产登记受理回执打印', '不动产权属证明开具', '抵押登记证明查询打印'],
    sf: ['法律援助受理回执打印', '人民调解协议书打印', '公证书信息查询打印'],
    ty: ['优抚对象抚恤发放记录打印', '退役军人优待证信息查询打印'],
    wl: ['导游证信息查询打印', '读者证借阅记录打印'],
    ny: ['土地承包经营权信息查询打印', '宅基地审批信息查询打印'],
    cl: ['残疾人补贴发放记录打印', '残疾评定结果查询打印'],
  },
  'legal-person': {
    sc: [
      '营业执照信息查询打印',
      '企业变更登记记录打印',
      '企业股东出资信息打印',
      '个体工商户登记信息打印',
      '企业年度报告查询打印',
      '市场主体注销证明开具',
      '动产抵押登记信息打印',
      '股权出质登记信息打印',
      '特种设备使用登记证信息打印',
    ],
    sw: [
      '发票领用簿打印',
      '税务事项通知书打印',
      '出口退税备案信息打印',
      '清税证明开具',
      '欠税情况查询打印',
      '纳税申报表查询打印',
    ],
    rs: ['单位参保登记证明开具', '单位缴费凭证打印', '就业登记备案记录打印', '稳岗返还发放记录打印'],
    yb: ['单位医保参保证明开具', '定点医药机构协议查询打印'],
    gj: ['单位公积金缴存登记证明打印', '单位缴存比例核定结果打印'],
    zj: ['施工许可证信息查询打印', '竣工验收备案证明打印'],
    jt: ['道路运输证信息查询打印'],
    wj: ['公共场所卫生许可证信息查询打印', '医疗机构执业许可证信息查询打印'],
    hj: ['排污许可证信息查询打印'],
    zr: ['企业不动产权属证明开具'],
  },
};

/** Deterministic 32-bit generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<X>(xs: X[], rand: () => number): X[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as X, out[i] as X];
  }
  return out;
}

interface Candidate {
  dept: string;
  name: string;
  subject: string;
  line: Line;
  instant: boolean;
}

function expand(lists: Record<string, Line[]>, extra: Record<string, string[]>): Candidate[] {
  const out: Candidate[] = [];
  for (const [dept, lines] of Object.entries(lists)) {
    for (const line of lines) {
      const names = line.v ? line.v.map((v) => `${line.s}（${v}）`) : line.a ? line.a.map((a) => `${line.s}${a}`) : [line.s];
      for (const name of names) out.push({ dept, name, subject: line.s, line, instant: line.i === true });
    }
    for (const name of extra[dept] ?? []) out.push({ dept, name, subject: name, line: { s: name, i: true }, instant: true });
  }
  return out;
}

function pick(cands: Candidate[], instant: number, total: number, rand: () => number): Candidate[] {
  const inst = cands.filter((c) => c.instant);
  const later = cands.filter((c) => !c.instant);
  if (inst.length < instant || later.length < total - instant) {
    throw new Error(`not enough matters: ${inst.length}/${instant} instant, ${later.length}/${total - instant} later`);
  }
  // The 常办事项 are always in; the rest is a seeded draw.
  const must = (xs: Candidate[]): Candidate[] => xs.filter((c) => COMMON_NAMES.includes(c.name));
  const draw = (xs: Candidate[], n: number): Candidate[] => {
    const first = must(xs);
    return [...first, ...shuffle(xs, rand).filter((c) => !first.includes(c))].slice(0, n);
  };
  const chosen = new Set([...draw(inst, instant), ...draw(later, total - instant)]);
  // Keep the lists' order (departments together, variants of one subject side by side).
  return cands.filter((c) => chosen.has(c));
}

const PERSON_FORM = [
  { id: 'name', label: tx('姓名', 'Name'), kind: 'text', prefill: 'name', locked: true, personal: true },
  { id: 'idNumber', label: tx('证件号码', 'ID number'), kind: 'text', prefill: 'idNumber', locked: true, personal: true },
] as const;
const PHONE = {
  id: 'phone',
  label: tx('手机号码', 'Mobile phone number'),
  kind: 'phone',
  pattern: '^1[3-9]\\d{9}$',
  maxLength: 11,
  personal: true,
} as const;
const LEGAL_FORM = [
  { id: 'companyName', label: tx('单位名称', 'Name of the organisation'), kind: 'text', maxLength: 100 },
  {
    id: 'creditCode',
    label: tx('统一社会信用代码', 'Unified social credit code'),
    kind: 'text',
    pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$',
    maxLength: 18,
  },
] as const;
const PURPOSE = { id: 'purpose', label: tx('用途', 'Purpose'), kind: 'text', maxLength: 60 } as const;

const ID_CARD = { id: 'id-card', name: tx('居民身份证', 'Resident ID card'), trust: 'chip' } as const;
const LICENSE = {
  id: 'business-licence',
  name: tx('营业执照（数据共享）', 'Business licence (data sharing)'),
  trust: 'data-sharing',
} as const;
const AUTHORISATION = {
  id: 'authorisation',
  name: tx('授权委托书（经办人办理时）', 'Letter of authorisation (when an agent applies)'),
  trust: 'deposit',
  required: false,
} as const;

const CONDITIONS: Record<Audience, T> = {
  person: tx(
    '本区户籍居民或持有效居住证的人员，本人持有效身份证件办理；委托他人办理的，另需授权委托书。',
    'Residents registered in this district or holding a valid residence permit, in person with a valid ID; an agent also needs a letter of authorisation.',
  ),
  'legal-person': tx(
    '在本区依法登记的企业、个体工商户或其他组织，由法定代表人（负责人）或其委托的经办人持有效身份证件办理。',
    'Enterprises, individual businesses and other organisations registered in this district, through their legal representative or an authorised agent with a valid ID.',
  ),
};
const ON_THE_SPOT = tx('本机当场打印，在出纸口取走。', 'Printed by this machine on the spot: take it from the output tray.');
const DELIVERY_WORDS = {
  locker: ['本厅自助取件柜（凭短信取件码）', 'from this hall’s pickup lockers (code by SMS)'],
  post: ['邮寄或快递到您登记的地址', 'by post or express to your address'],
  electronic: ['网上推送电子结果', 'as an electronic result pushed online'],
} as const;
/** Where the result is collected, in words, for the ways this matter delivers. */
function pickupFor(delivery: ('locker' | 'post' | 'electronic')[]): T {
  const zhWords = delivery.map((d) => DELIVERY_WORDS[d][0]);
  const enWords = delivery.map((d) => DELIVERY_WORDS[d][1]);
  return tx(
    `办结后${delivery.length > 1 ? '按您选择的方式' : ''}送达：${zhWords.join('、')}。`,
    `When done, delivered ${delivery.length > 1 ? 'the way you choose: ' : ''}${enWords.join(', or ')}.`,
  );
}

/** The delivery choices for a result that takes time: the seed's locker, post/express and online push. */
function deliveryFor(kind: Line['d'], rand: () => number): ('locker' | 'post' | 'electronic')[] {
  if (kind === 'money') return ['electronic'];
  if (kind === 'record') return rand() < 0.5 ? ['electronic'] : ['electronic', 'locker'];
  return rand() < 0.7 ? ['locker', 'post'] : ['locker', 'post', 'electronic'];
}

function timeLimitFor(kind: Line['d'], rand: () => number): number {
  const choices = kind === 'card' ? [5, 7, 10, 15, 20] : kind === 'money' ? [10, 15, 20, 30] : [1, 3, 5, 10];
  return choices[Math.floor(rand() * choices.length)] ?? 5;
}

const DEPT_CODE = (d: string, a: Audience): string => `${d}-${a === 'person' ? 'p' : 'e'}`;

/** 常办事项 of a district hall, by name (the busiest matters of a 一门式 hall's statistics). */
const COMMON_NAMES = [
  '户籍证明开具',
  '社会保险个人参保证明开具',
  '居民身份证换领',
  '社会保险个人权益记录查询打印',
  '住房公积金提取（租赁住房）',
  '个人所得税纳税记录开具',
  '无犯罪记录证明开具',
  '基本医疗保险参保证明开具',
  '异地就医备案（异地长期居住）',
  '不动产登记资料查询打印（本人名下）',
  '婚姻登记记录证明开具',
  '个体工商户设立登记',
  '有限责任公司设立登记',
  '纳税证明开具（完税情况）',
  '单位参保证明开具',
  '食品经营许可（新办）',
];

/** Synonyms citizens type for the catalog's words. */
const SYNONYMS: Record<string, string[]> = {
  身份证: ['居民身份证'],
  社保: ['社会保险', '社会保障'],
  医保: ['医疗保险', '医疗保障'],
  公积金: ['住房公积金'],
  户口: ['户籍'],
  房产证: ['不动产权证书', '不动产'],
  驾照: ['机动车驾驶证'],
  营业执照: ['营业执照', '设立登记'],
  开公司: ['设立登记'],
  港澳通行证: ['往来港澳通行证'],
  退休金: ['养老金'],
  低保: ['最低生活保障'],
  完税证明: ['纳税证明', '完税证明'],
};

export function buildSeedCatalog(seed = CATALOG_SEED): CatalogInput {
  const rand = rng(seed);
  const departments = Object.fromEntries(Object.entries(DEPARTMENTS).map(([id, [zh, en]]) => [id, tx(zh, en)]));
  const lifeEvents = Object.fromEntries(Object.entries(LIFE_EVENTS).map(([id, [zh, en]]) => [id, tx(zh, en)]));
  const matters: CatalogInput['matters'] = [];
  const lists: [Audience, Record<string, Line[]>, number, number][] = [
    ['person', PERSON, SEED_FIGURES.person, SEED_FIGURES.personInstant],
    ['legal-person', LEGAL, SEED_FIGURES.legal, SEED_FIGURES.legalInstant],
  ];
  const seen = new Set<string>();
  for (const [audience, lines, total, instant] of lists) {
    const chosen = pick(expand(lines, EXTRA_INSTANT[audience]), instant, total, rand);
    const counters = new Map<string, number>();
    for (const c of chosen) {
      if (seen.has(c.name)) throw new Error(`duplicate matter name ${c.name}`);
      seen.add(c.name);
      const code = DEPT_CODE(c.dept, audience);
      const n = (counters.get(code) ?? 0) + 1;
      counters.set(code, n);
      const deptName = DEPARTMENTS[c.dept]?.[0] ?? c.dept;
      const form = [...PERSON_FORM, ...(audience === 'legal-person' ? LEGAL_FORM : []), ...(c.instant ? [PURPOSE] : [PHONE])];
      const materials = [
        ID_CARD,
        ...(audience === 'legal-person' ? [LICENSE, AUTHORISATION] : []),
        ...(c.line.m
          ? [{ id: 'deposit-1', name: tx(c.line.m), trust: 'deposit' as const }]
          : c.instant
            ? [{ id: 'record', name: tx(`${deptName}业务信息（数据共享）`), trust: 'data-sharing' as const }]
            : [
                {
                  id: 'application',
                  name: tx('申请表（本机填写，无需纸质）', 'Application form (filled in here)'),
                  trust: 'data-sharing' as const,
                },
              ]),
      ];
      const life = c.line.life ?? [];
      const delivery = c.instant ? null : deliveryFor(c.line.d, rand);
      matters.push({
        id: `${code}-${String(n).padStart(3, '0')}`,
        category: c.dept,
        department: c.dept,
        names: tx(c.name),
        instant: c.instant,
        audience,
        lifeEvents: c.instant ? life.slice(0, 2) : life,
        timeLimitDays: c.instant ? 0 : timeLimitFor(c.line.d, rand),
        conditions: CONDITIONS[audience],
        feeYuan: c.line.fee ?? 0,
        pickup: delivery === null ? ON_THE_SPOT : pickupFor(delivery),
        form: form.map((f) => ({ ...f })),
        materials,
        delivery: delivery ?? ['on-the-spot'],
        ...(c.instant
          ? {
              document: {
                title: tx(c.name.replace(/(开具|查询打印|打印)$/, '') || c.name),
                body: tx(
                  `经${deptName}业务系统核查，{name}（公民身份号码 {idNumber}）的“${c.subject.replace(/(开具|查询打印|打印)$/, '')}”信息如本文件所列。本文件由自助终端打印，可扫描二维码核验真伪。`,
                ),
                issuer: `演示区${deptName}`,
              },
            }
          : {}),
      });
    }
  }
  const byName = new Map(matters.map((m) => [m.names['zh-CN'], m.id]));
  const common = COMMON_NAMES.map((n) => byName.get(n)).filter((id): id is string => id !== undefined);
  return { categories: departments, departments, lifeEvents, icons: ICONS, common, synonyms: SYNONYMS, matters };
}
