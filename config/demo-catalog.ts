import type { CatalogInput } from './catalog-schema.js';

type T = { 'zh-CN': string; 'zh-HK': string; en: string };
const t = (zhCN: string, zhHK: string, en: string): T => ({ 'zh-CN': zhCN, 'zh-HK': zhHK, en });

const phone = {
  id: 'phone',
  label: t('手机号码', '手提電話號碼', 'Mobile phone number'),
  kind: 'phone' as const,
  pattern: '^1[3-9]\\d{9}$',
  maxLength: 11,
  personal: true,
};
const name = {
  id: 'name',
  label: t('姓名', '姓名', 'Name'),
  kind: 'text' as const,
  prefill: 'name' as const,
  locked: true,
  personal: true,
};
const idNumber = {
  id: 'idNumber',
  label: t('证件号码', '證件號碼', 'ID number'),
  kind: 'text' as const,
  prefill: 'idNumber' as const,
  locked: true,
  personal: true,
};
const address = {
  id: 'address',
  label: t('住址', '住址', 'Address'),
  kind: 'text' as const,
  prefill: 'address' as const,
  maxLength: 200,
  personal: true,
};
const idCard = { id: 'id-card', name: t('居民身份证', '居民身份證', 'Resident ID card'), trust: 'chip' as const };

/** The demo terminal's catalog: a realistic sample of a district hall's matters. */
export const demoCatalog: CatalogInput = {
  categories: {
    household: t('户籍', '戶籍', 'Household registration'),
    certificates: t('证明开具', '證明開具', 'Certificates'),
    social: t('社保医保', '社保醫保', 'Social insurance'),
    housing: t('公积金与不动产', '公積金與不動產', 'Housing'),
    civil: t('民政服务', '民政服務', 'Civil affairs'),
    business: t('市场主体登记', '市場主體登記', 'Business registration'),
  },
  icons: {
    categories: {
      household: 'id-card',
      certificates: 'document',
      social: 'health',
      housing: 'house',
      civil: 'family',
      business: 'shop',
    },
  },
  matters: [
    {
      id: 'household-certificate',
      category: 'certificates',
      names: t('户籍证明开具', '戶籍證明開具', 'Household registration certificate'),
      instant: true,
      timeLimitDays: 0,
      form: [name, idNumber, { id: 'purpose', label: t('用途', '用途', 'Purpose'), kind: 'text', maxLength: 60 }],
      materials: [
        idCard,
        {
          id: 'household-record',
          name: t('户籍信息（数据共享）', '戶籍資料（數據共享）', 'Household record (data sharing)'),
          trust: 'data-sharing',
        },
      ],
      delivery: ['on-the-spot'],
      document: {
        title: t('户籍证明', '戶籍證明', 'Household Registration Certificate'),
        body: t(
          '兹证明 {name}（公民身份号码 {idNumber}）户籍登记在本辖区，登记住址：{address}，户主：{householdHead}，与户主关系：{relation}。',
          '茲證明 {name}（公民身份號碼 {idNumber}）戶籍登記在本轄區，登記住址：{address}，戶主：{householdHead}，與戶主關係：{relation}。',
          'This certifies that {name} (ID {idNumber}) is registered as a resident of this district at {address}; head of household: {householdHead}, relation to the head: {relation}.',
        ),
        issuer: '演示区公安分局户政科',
      },
    },
    {
      id: 'social-insurance-record',
      category: 'social',
      names: t('社会保险个人缴费证明打印', '社會保險個人繳費證明列印', 'Social insurance contribution record'),
      instant: true,
      timeLimitDays: 0,
      form: [
        name,
        idNumber,
        {
          id: 'months',
          label: t('查询月数', '查詢月數', 'Months to include'),
          kind: 'digits',
          pattern: '^(?:[1-9]|[1-5]\\d|60)$',
          maxLength: 2,
        },
      ],
      materials: [idCard],
      delivery: ['on-the-spot'],
      document: {
        title: t('社会保险个人缴费证明', '社會保險個人繳費證明', 'Social Insurance Contribution Record'),
        body: t(
          '参保人 {name}（公民身份号码 {idNumber}）近 {months} 个月社会保险缴费记录已核验。',
          '參保人 {name}（公民身份號碼 {idNumber}）近 {months} 個月社會保險繳費記錄已核驗。',
          'The social insurance contributions of {name} (ID {idNumber}) for the last {months} months have been verified.',
        ),
        issuer: '演示区社会保险基金管理局',
      },
    },
    {
      id: 'provident-fund-certificate',
      category: 'housing',
      names: t('住房公积金缴存证明', '住房公積金繳存證明', 'Housing provident fund certificate'),
      instant: true,
      timeLimitDays: 0,
      form: [name, idNumber],
      materials: [idCard],
      delivery: ['on-the-spot'],
      document: {
        title: t('住房公积金缴存证明', '住房公積金繳存證明', 'Housing Provident Fund Certificate'),
        body: t(
          '{name}（公民身份号码 {idNumber}）住房公积金账户状态正常。',
          '{name}（公民身份號碼 {idNumber}）住房公積金賬戶狀態正常。',
          'The housing provident fund account of {name} (ID {idNumber}) is in good standing.',
        ),
        issuer: '演示市住房公积金管理中心',
      },
    },
    {
      id: 'household-move-in',
      category: 'household',
      names: t('户口办理（迁入）', '戶口辦理（遷入）', 'Household registration: moving in'),
      instant: false,
      timeLimitDays: 5,
      form: [
        name,
        idNumber,
        { id: 'fromAddress', label: t('迁出地址', '遷出地址', 'Moving from'), kind: 'text', maxLength: 200, personal: true },
        address,
        {
          id: 'reason',
          label: t('迁入原因', '遷入原因', 'Reason'),
          kind: 'select',
          options: [
            { value: 'house', label: t('购房', '購房', 'Bought a home') },
            { value: 'work', label: t('就业', '就業', 'Employment') },
            { value: 'family', label: t('投靠亲属', '投靠親屬', 'Joining family') },
          ],
        },
        phone,
      ],
      materials: [
        idCard,
        {
          id: 'property-deed',
          name: t('房产证或租赁合同', '房產證或租賃合同', 'Property deed or lease'),
          trust: 'deposit',
          // A lease on paper is photographed; a deed the citizen holds as an e-licence is picked.
          ways: ['scan', 'licence'],
          licenceTypes: ['real-estate-title'],
        },
        {
          id: 'household-book',
          name: t('户口簿原件', '戶口簿正本', 'Household register booklet (original)'),
          trust: 'original-at-pickup',
        },
      ],
      delivery: ['locker', 'post'],
    },
    {
      id: 'residence-permit-endorsement',
      category: 'household',
      names: t('居住证签注', '居住證簽注', 'Residence permit endorsement'),
      instant: false,
      timeLimitDays: 3,
      form: [name, idNumber, address, phone],
      materials: [
        idCard,
        // The permit itself gets the endorsement: its original goes into a locker compartment once
        // the application is in, and comes back endorsed through the pickup locker.
        { id: 'residence-permit', name: t('居住证', '居住證', 'Residence permit'), trust: 'deposit', ways: ['deposit'] },
      ],
      delivery: ['locker', 'post'],
    },
    {
      id: 'senior-card',
      category: 'civil',
      names: t('老年人优待证申领', '長者優待證申領', 'Senior citizen card'),
      instant: false,
      timeLimitDays: 7,
      form: [name, idNumber, address, phone],
      materials: [
        idCard,
        {
          id: 'photo',
          name: t('近期免冠照片（数据共享）', '近期免冠相片（數據共享）', 'Recent photo (data sharing)'),
          trust: 'data-sharing',
        },
      ],
      delivery: ['locker', 'post', 'electronic'],
    },
    {
      id: 'birth-registration',
      category: 'civil',
      names: t('生育登记', '生育登記', 'Birth registration'),
      instant: false,
      timeLimitDays: 1,
      form: [
        name,
        idNumber,
        { id: 'spouseName', label: t('配偶姓名', '配偶姓名', "Spouse's name"), kind: 'text', maxLength: 30, personal: true },
        phone,
      ],
      materials: [
        idCard,
        {
          id: 'marriage-certificate',
          name: t('结婚证', '結婚證', 'Marriage certificate'),
          trust: 'deposit',
          ways: ['licence', 'scan'],
          licenceTypes: ['marriage-certificate'],
        },
        {
          id: 'birth-pledge',
          name: t('生育情况承诺书（告知承诺）', '生育情況承諾書（告知承諾）', 'Declaration of the family situation (pledge)'),
          trust: 'deposit',
          ways: ['declare'],
        },
      ],
      delivery: ['electronic', 'locker'],
    },
    {
      id: 'sole-proprietor-registration',
      category: 'business',
      audience: 'legal-person',
      names: t('个体工商户设立登记', '個體工商戶設立登記', 'Register a sole proprietorship'),
      instant: false,
      timeLimitDays: 1,
      form: [
        name,
        idNumber,
        { id: 'shopName', label: t('字号名称', '字號名稱', 'Business name'), kind: 'text', minLength: 2, maxLength: 30 },
        { id: 'businessScope', label: t('经营范围', '經營範圍', 'Business scope'), kind: 'textarea', maxLength: 300 },
        { id: 'shopAddress', label: t('经营场所', '經營場所', 'Business premises'), kind: 'text', maxLength: 200 },
        phone,
      ],
      materials: [
        idCard,
        { id: 'premises-proof', name: t('经营场所证明', '經營場所證明', 'Proof of premises'), trust: 'deposit' },
      ],
      delivery: ['locker', 'post', 'electronic'],
    },
    {
      id: 'business-licence-replacement',
      category: 'business',
      audience: 'legal-person',
      names: t('营业执照遗失补领', '營業執照遺失補領', 'Replace a lost business licence'),
      instant: false,
      timeLimitDays: 3,
      form: [
        name,
        idNumber,
        {
          id: 'creditCode',
          label: t('统一社会信用代码', '統一社會信用代碼', 'Unified social credit code'),
          kind: 'text',
          pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
          maxLength: 18,
        },
        phone,
      ],
      materials: [idCard],
      delivery: ['locker', 'post'],
    },
    {
      id: 'enterprise-credit-report',
      category: 'business',
      audience: 'legal-person',
      names: t('企业信用信息报告打印', '企業信用資料報告列印', 'Enterprise credit report'),
      instant: true,
      timeLimitDays: 0,
      form: [
        name,
        idNumber,
        {
          id: 'creditCode',
          label: t('统一社会信用代码', '統一社會信用代碼', 'Unified social credit code'),
          kind: 'text',
          pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
          maxLength: 18,
        },
      ],
      materials: [idCard],
      delivery: ['on-the-spot'],
      document: {
        title: t('企业信用信息报告', '企業信用資料報告', 'Enterprise Credit Report'),
        body: t(
          '统一社会信用代码为 {creditCode} 的市场主体信用信息已由经办人 {name} 查询打印。',
          '統一社會信用代碼為 {creditCode} 的市場主體信用資料已由經辦人 {name} 查詢列印。',
          'The credit record of the entity with unified social credit code {creditCode} was retrieved by {name}.',
        ),
        issuer: '演示区市场监督管理局',
      },
    },
  ],
};
