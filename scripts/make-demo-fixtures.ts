// Generates the committed demo data set in fixtures/demo/ (a year of follow-up work for an instrument maker, 仪器仪表厂 [002]) — deterministically.
//
// Run with `npx tsx scripts/make-demo-fixtures.ts` (or `npm run fixtures`). The output must be
// byte-identical on every run and machine, so:
//   - all randomness comes from a hand-written seeded PRNG (mulberry32), never Math.random();
//   - no clock is read: every date is computed from ANCHOR, a fixed Monday that plays "today".
//     `huifang demo` shifts every date in these files by (today − anchor), so the demo always
//     looks as if it were the anchor day (anchor.txt records the anchor for that shift);
//   - dates are whole UTC day numbers (days since 1970-01-01), so no time zone or DST can move them.
// The files deliberately look like what an administrator would export from Excel/WPS (GBK, CRLF,
// Chinese headers, amounts such as `350万` or `5,200,000`, dates such as `2024/3/7`), because the
// demo doubles as a realistic test of the importers.

import { seededRandom } from '../src/domain/sample.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { stringify } from 'csv-stringify/sync';

// ---------------------------------------------------------------------------------------------
// Constants

/** The day the demo pretends is "today". A Monday, so the due list starts a fresh working week. */
const ANCHOR_ISO = '2026-11-23';
/** Changing the seed reshuffles everything; keep it fixed so the committed fixtures stay stable. */
const SEED = 0x4855_4946; // "HUIF"

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'demo');

const N_CUSTOMERS = 320;
const CLERKS = ['王芳', '李娜', '张伟', '刘洋'] as const;
const INDUSTRIES = ['工业制造', '科研院所', '检测机构', '医疗设备'] as const;
type Industry = (typeof INDUSTRIES)[number];
type Tier = 'A' | 'B' | 'C';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

// mulberry32, shared with the audit sampler and the bench generator.
const mulberry32 = seededRandom;

/** Plain code-unit order: localeCompare would depend on the machine's ICU data and locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** FNV-1a, to derive one independent stream per section from the seed and a label. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

class Rng {
  private readonly next: () => number;
  // One stream per section: tuning e.g. the events does not reshuffle the customers.
  constructor(label: string) {
    this.next = mulberry32((SEED ^ hash32(label)) >>> 0);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** Pick by weight: [[value, weight], ...]. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    const total = table.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of table) {
      r -= w;
      if (r < 0) return v;
    }
    return (table[table.length - 1] as readonly [T, number])[0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j] as T, a[i] as T];
    }
    return a;
  }
}

// ---------------------------------------------------------------------------------------------
// Dates as UTC day numbers

type Day = number;
const DAY_MS = 86_400_000;

function dayOf(y: number, m: number, d: number): Day {
  return Date.UTC(y, m - 1, d) / DAY_MS;
}
function partsOf(day: Day): { y: number; m: number; d: number } {
  const dt = new Date(day * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}
function parseIso(iso: string): Day {
  const [y, m, d] = iso.split('-').map(Number);
  return dayOf(y as number, m as number, d as number);
}
const pad2 = (n: number): string => String(n).padStart(2, '0');
function iso(day: Day): string {
  const { y, m, d } = partsOf(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}
/** Spreadsheet style, as Excel/WPS export a date cell: 2024/3/7. */
function slash(day: Day): string {
  const { y, m, d } = partsOf(day);
  return `${y}/${m}/${d}`;
}
/** 0 = Sunday … 6 = Saturday. */
function weekday(day: Day): number {
  return new Date(day * DAY_MS).getUTCDay();
}
/** Calendar months, clamped to the month's end (01-31 + 1 month = 02-28), as SPEC 3.0 says. */
function addMonths(day: Day, n: number): Day {
  const { y, m, d } = partsOf(day);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const ty = first.getUTCFullYear();
  const tm = first.getUTCMonth() + 1;
  const last = partsOf(dayOf(ty, tm + 1, 1) - 1).d;
  return dayOf(ty, tm, Math.min(d, last));
}

/**
 * China's official public holidays, read from chinese-days' data file (pinned by the lockfile, so
 * the output stays stable). Its isHoliday() is not used: it decides weekends in the local time
 * zone, which made the output differ between machines.
 */
const HOLIDAYS: ReadonlySet<string> = new Set(
  Object.keys((createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string> }).holidays),
);
/**
 * A day a clerk calls: Mon–Fri and not a public holiday. Weekends are excluded even when they are
 * make-up working days (调休), because the fixtures use Mon–Fri call hours.
 */
function isCallDay(day: Day): boolean {
  const wd = weekday(day);
  return wd >= 1 && wd <= 5 && !HOLIDAYS.has(iso(day));
}
function nextCallDay(day: Day): Day {
  let d = day;
  while (!isCallDay(d)) d++;
  return d;
}
/**
 * A uniformly drawn call day in [lo, hi]. Rejection rather than nextCallDay(random), which would
 * pile every date of a holiday week onto the first day after it.
 */
function randomCallDay(rng: Rng, lo: Day, hi: Day): Day {
  for (let i = 0; i < 1000; i++) {
    const d = rng.int(lo, hi);
    if (isCallDay(d)) return d;
  }
  throw new Error(`no call day between ${iso(lo)} and ${iso(hi)}`);
}
function prevCallDay(day: Day): Day {
  let d = day;
  while (!isCallDay(d)) d--;
  return d;
}
function addCallDays(day: Day, n: number): Day {
  let d = day;
  for (let i = 0; i < n; i++) d = nextCallDay(d + 1);
  return d;
}

const ANCHOR: Day = parseIso(ANCHOR_ISO);
if (weekday(ANCHOR) !== 1) throw new Error('ANCHOR must be a Monday');
/** The visit history covers one year before the anchor. */
const HISTORY_START: Day = ANCHOR - 365;
/** Transactions (deliveries) cover the last eight months. */
const EVENTS_START: Day = addMonths(ANCHOR, -8);

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** City and its landline area code (3-digit codes have 8-digit local numbers, 4-digit ones 7 or 8). */
const CITIES: readonly (readonly [string, string])[] = [
  ['上海', '021'], ['北京', '010'], ['天津', '022'], ['重庆', '023'], ['深圳', '0755'],
  ['广州', '020'], ['苏州', '0512'], ['无锡', '0510'], ['常州', '0519'], ['南京', '025'],
  ['杭州', '0571'], ['宁波', '0574'], ['东莞', '0769'], ['武汉', '027'], ['成都', '028'],
  ['西安', '029'], ['合肥', '0551'], ['青岛', '0532'], ['济南', '0531'], ['沈阳', '024'],
  ['长沙', '0731'], ['郑州', '0371'], ['厦门', '0592'], ['佛山', '0757'], ['绍兴', '0575'],
  ['嘉兴', '0573'], ['大连', '0411'], ['哈尔滨', '0451'], ['昆山', '0512'], ['温州', '0577'],
];

// Two-character brand names built from these halves; the combinations are invented, not real firms.
const BRAND_A = ['华', '中', '恒', '瑞', '永', '博', '天', '鼎', '海', '金', '联', '新', '宏', '东', '星', '卓', '诚', '汇', '远', '明', '嘉', '航', '安', '德', '同', '润', '君', '立', '长', '弘'];
const BRAND_B = ['仪', '测', '通', '达', '信', '正', '力', '川', '创', '锐', '泰', '辰', '越', '源', '盛', '晟', '昌', '宇', '启', '拓', '峰', '科', '欣', '禾', '精', '诺', '驰', '衡'];

const INDUSTRY_SUFFIXES = ['精密机械有限公司', '仪器有限公司', '自动化科技有限公司', '电子科技有限公司', '化工有限公司', '汽车零部件有限公司', '制药有限公司', '电力设备有限公司', '特钢有限公司', '环保科技有限公司', '热能设备有限公司', '水务有限公司', '新材料有限公司', '智能装备有限公司'];
const RESEARCH_FIELDS = ['材料', '光学', '环境科学', '地质', '农业科学', '化工', '电子技术', '生物技术', '计量', '能源', '海洋', '食品'];
const UNI_KINDS = ['理工', '工业', '科技', '医科', '农业', '师范'];
const UNI_UNITS = ['大学分析测试中心', '大学材料学院实验中心', '大学精密仪器系', '大学环境学院实验室', '大学化学实验教学中心'];
const INSPECT_FIELDS = ['产品质量', '特种设备', '建筑工程', '纤维', '食品', '电器'];
const HOSPITAL_KINDS = ['第一人民医院', '第二人民医院', '第三人民医院', '中心医院', '中医医院', '妇幼保健院', '口腔医院', '肿瘤医院'];

/** What the factory sells, per industry, with a list unit price in yuan. `HF-` models are invented. */
const PRODUCTS: Record<Industry, readonly (readonly [string, number])[]> = {
  工业制造: [['HF-3051 智能压力变送器', 4800], ['HF-LDE 电磁流量计', 12600], ['HF-VX 涡街流量计', 9800], ['HF-T200 温度变送器', 1500], ['HF-UL 超声波液位计', 6900], ['HF-VM8 在线振动监测仪', 38000], ['HF-P60 数字压力表', 1200]],
  科研院所: [['HF-UV1900 紫外可见分光光度计', 68000], ['HF-AAS 原子吸收分光光度计', 186000], ['HF-GC7 气相色谱仪', 135000], ['HF-LPS 激光粒度分析仪', 228000], ['HF-DMM8 八位半数字多用表', 42000], ['HF-TH 恒温恒湿试验箱', 56000]],
  检测机构: [['HF-PC6 压力校验仪', 26000], ['HF-MC5 多功能过程校验仪', 39000], ['HF-DP 精密露点仪', 88000], ['HF-RT 标准铂电阻温度计', 9500], ['HF-TB 恒温槽', 32000], ['HF-EB 电子天平', 7800]],
  医疗设备: [['HF-MPC 医用压力校准仪', 23000], ['HF-BPA 血压计检定装置', 45000], ['HF-IPA 输液泵分析仪', 52000], ['HF-VTA 呼吸机检测仪', 96000], ['HF-INC 培养箱温度验证系统', 31000], ['HF-ESU 高频电刀分析仪', 48000]],
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕', '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '余', '潘', '杜', '戴', '夏', '钟', '汪', '田', '任', '姜', '范', '方', '石', '姚', '谭', '廖', '邹', '熊', '金', '陆', '郝', '孔', '白', '崔', '康', '毛', '邱', '秦', '江', '史', '顾', '侯', '邵', '孟', '龙', '段', '雷', '钱', '汤', '尹', '黎', '易', '常', '武', '乔', '贺', '赖', '龚', '文'];
const GIVEN = ['伟', '芳', '敏', '静', '丽', '强', '磊', '军', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '婷', '欣', '博', '鹏', '辉', '凯', '琳', '颖', '鑫', '浩', '宇', '晨', '佳', '倩', '斌', '峰', '亮', '波', '毅', '秀英', '桂英', '建华', '志强', '海燕', '晓东', '文博', '思远', '俊杰', '雪梅', '丽华', '国栋', '建国', '宏伟', '晓燕', '春梅', '永刚', '立新', '红梅', '建军', '海涛', '玉兰', '志华', '晓明', '振宇', '美玲', '德胜', '慧敏', '嘉怡', '子轩', '雨欣', '长江', '卫东'];

/** Mainland mobile prefixes in real use (the importer checks 1[3-9] + 9 digits). */
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '193', '195', '198', '199'];

// Feedback a clerk would type after a reached call, grouped by what the call was about and how it went.
// Some contain ASCII commas and double quotes on purpose: they exercise CSV quoting.
const FB_GOOD_ROUTINE = ['使用正常', '设备运行稳定，无异常', '使用正常,暂无新需求', '精度满足要求，操作人员已熟练', '对售后响应速度表示满意', '询问新型号报价', '询问明年校准服务价格', '计划下季度增购两台，请销售联系', '希望提供操作培训视频', '询问是否有以旧换新活动', '希望年底前安排一次现场校准', '表示会向兄弟单位推荐我厂产品', '客户说"比上一家供应商的服务周到"', '数据采集软件升级后使用顺畅', '使用正常，询问备用探头交期'];
const FB_GOOD_DELIVERY1 = ['新设备已安装调试完毕，使用正常', '操作培训到位，操作人员已上手', '到货及时，包装完好', '安装调试顺利,希望再补一次软件培训', '使用正常，已纳入车间日常点检'];
const FB_GOOD_DELIVERY2 = ['使用中的疑问已由技术部远程解答', '建议增加数据导出格式', '希望说明书增加常见故障处理章节', '运行三个月无故障', '使用正常,建议增加中文报表模板'];
const FB_GOOD_DELIVERY3 = ['询问耗材和备件价格', '需要采购一批替换探头，请销售报价', '愿意介绍合作单位了解我厂产品', '运行半年稳定，明年预算会考虑增购', '询问延保服务'];
const FB_GOOD_COMPLAINT = ['对投诉处理结果满意', '问题已解决,希望后续不再发生', '处理及时，表示认可'];
const FB_GOOD_REPAIR = ['维修后设备运行正常', '维修及时,工程师态度好', '更换配件后测量恢复正常'];
const FB_GOOD_ONSITE = ['现场查看设备运行良好，技术负责人签字确认', '现场校准完成，客户签字', '现场交流明年采购计划，拟新增在线监测点', '现场培训新员工3人', '现场巡检两台设备，未发现问题'];
const FB_GOOD_ADHOC = ['新产线规划中,邀请技术部参与方案讨论', '扩产项目已立项，请销售跟进报价'];
const FB_MIXED = ['希望加快备件供货', '校准证书延迟，希望改进', '售后电话有时打不通', '价格偏高,希望给予年度框架优惠', '说明书部分内容与实物不符', '发票寄送较慢', '希望工程师到场前提前电话确认', '处理结果基本满意，但耗时较长'];
const FB_BAD = ['传感器故障两次，对质量不满意', '维修周期太长，影响生产', '校准证书延迟一个月，已影响审核', '对上次投诉处理结果不满意', '工程师未按约定时间到场', '客户称"再出问题就换供应商"'];
const FB_LOST = ['已改用其他厂家产品', '预算削减，暂停采购', '项目结束，设备已闲置'];

// ---------------------------------------------------------------------------------------------
// Model

type Group = 'active' | 'dormant' | 'none' | 'lost' | 'dnd';
type Status = '正常' | '流失' | '勿扰';

interface Customer {
  code: string;
  name: string;
  industry: Industry;
  city: string;
  areaCode: string;
  tier: Tier;
  tierCell: string;
  amountCell: string;
  owner: string;
  since: Day;
  birthdayCell: string;
  key: boolean;
  status: Status;
  group: Group;
  contact: string;
  phone: string;
  notes: string;
  prefersWechat: boolean;
}

interface Contact {
  customer: string;
  name: string;
  role: string;
  phone: string;
  primary: boolean;
}

interface EventRow {
  customer: string;
  type: string;
  date: Day;
  amount: string;
  ref: string;
  note: string;
}

interface Visit {
  customer: string;
  day: Day;
  minute: number;
  staff: string;
  channel: string;
  outcome: string;
  score: string;
  respondent: string;
  feedback: string;
}

// ---------------------------------------------------------------------------------------------
// Small generators

const usedPhones = new Set<string>();
/** Phones are unique across the data set, so looking a customer up by phone (log) is unambiguous. */
function mobile(rng: Rng): string {
  for (;;) {
    const p = rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
    if (!usedPhones.has(p)) {
      usedPhones.add(p);
      return p;
    }
  }
}
function landline(rng: Rng, areaCode: string): string {
  for (;;) {
    // Local numbers never start with 0 or 1; 3-digit area codes (big cities) have 8-digit numbers.
    const len = areaCode.length === 3 ? 8 : rng.chance(0.7) ? 8 : 7;
    let local = String(rng.int(2, 8));
    while (local.length < len) local += String(rng.int(0, 9));
    const p = `${areaCode}-${local}`;
    if (!usedPhones.has(p)) {
      usedPhones.add(p);
      return p;
    }
  }
}
function personName(rng: Rng): string {
  for (;;) {
    const n = rng.pick(SURNAMES) + rng.pick(GIVEN);
    // Contacts never share a name with a clerk, so a name in a visit row is never ambiguous.
    if (!(CLERKS as readonly string[]).includes(n)) return n;
  }
}
function brand(rng: Rng): string {
  for (;;) {
    const a = rng.pick(BRAND_A);
    const b = rng.pick(BRAND_B);
    if (a !== b) return a + b;
  }
}
function companyName(rng: Rng, industry: Industry, city: string): string {
  switch (industry) {
    case '工业制造':
      return city + brand(rng) + rng.pick(INDUSTRY_SUFFIXES);
    case '科研院所':
      return rng.weighted<() => string>([
        [() => `${city}市${rng.pick(RESEARCH_FIELDS)}研究所`, 4],
        [() => `${city}${rng.pick(RESEARCH_FIELDS)}研究院`, 3],
        [() => `${city}${rng.pick(UNI_KINDS)}${rng.pick(UNI_UNITS)}`, 4],
      ])();
    case '检测机构':
      return rng.weighted<() => string>([
        [() => `${city}${brand(rng)}检测技术有限公司`, 4],
        [() => `${city}${brand(rng)}检验认证有限公司`, 2],
        [() => `${city}市${rng.pick(INSPECT_FIELDS)}质量监督检验站`, 2],
        [() => `${city}${brand(rng)}计量检测中心`, 2],
        [() => `${city}市环境监测中心站`, 1],
      ])();
    case '医疗设备':
      return rng.weighted<() => string>([
        [() => `${city}${brand(rng)}医疗器械有限公司`, 5],
        [() => `${city}${brand(rng)}生物医疗科技有限公司`, 2],
        [() => `${city}市${rng.pick(HOSPITAL_KINDS)}`, 3],
        [() => `${city}${brand(rng)}医学检验实验室`, 1],
      ])();
  }
}

/** An amount the way people type it into a spreadsheet: `5,200,000`, `350万` or `1800000`. */
function amountCell(rng: Rng, yuan: number): string {
  const style = rng.weighted([['comma', 45], ['wan', 40], ['plain', 15]] as const);
  if (style === 'wan' && yuan % 10_000 === 0) return `${yuan / 10_000}万`;
  if (style === 'plain') return String(yuan);
  return yuan.toLocaleString('en-US');
}
function annualPurchase(rng: Rng, tier: Tier): number {
  // Rounded to 10,000 yuan most of the time, as these figures usually come from a yearly summary.
  const raw = tier === 'A' ? rng.int(500, 3200) : tier === 'B' ? rng.int(100, 499) : rng.int(5, 99);
  return rng.chance(0.8) ? raw * 10_000 : raw * 10_000 + rng.int(1, 99) * 100;
}

// ---------------------------------------------------------------------------------------------
// Customers and contacts

function makeCustomers(): { customers: Customer[]; contacts: Contact[] } {
  const rng = new Rng('customers');

  // Exact 10/30/60 split, shuffled: "roughly" in the brief, exact here so the summary is predictable.
  const tiers: Tier[] = rng.shuffle([
    ...Array<Tier>(32).fill('A'),
    ...Array<Tier>(96).fill('B'),
    ...Array<Tier>(192).fill('C'),
  ]);

  const names = new Set<string>();
  const customers: Customer[] = [];
  for (let i = 0; i < N_CUSTOMERS; i++) {
    const tier = tiers[i] as Tier;
    const industry = rng.weighted<Industry>([['工业制造', 45], ['科研院所', 20], ['检测机构', 20], ['医疗设备', 15]]);
    const [city, areaCode] = rng.pick(CITIES) as readonly [string, string];
    let name = companyName(rng, industry, city);
    while (names.has(name)) name = companyName(rng, industry, city);
    names.add(name);
    // Big accounts are usually older relationships; everyone started 2 months to 3 years ago.
    const oldest = addMonths(ANCHOR, -36);
    const newest = tier === 'A' ? addMonths(ANCHOR, -6) : addMonths(ANCHOR, -2);
    const since = rng.int(oldest, newest);
    customers.push({
      code: `KH${String(i + 1).padStart(4, '0')}`,
      name,
      industry,
      city,
      areaCode,
      tier,
      tierCell: '',
      amountCell: '',
      owner: rng.weighted([['王芳', 30], ['李娜', 27], ['张伟', 23], ['刘洋', 20]] as const),
      since,
      birthdayCell: '',
      key: false,
      status: '正常',
      group: 'active',
      contact: '',
      phone: '',
      notes: '',
      prefersWechat: false,
    });
  }

  // How the tier is given: a third only by annual purchase (the importer derives the tier,
  // SPEC 3.1), some with both, the rest with the tier alone.
  for (const c of customers) {
    const mode = rng.weighted([['tier', 55], ['amount', 33], ['both', 12]] as const);
    if (mode !== 'amount') c.tierCell = c.tier;
    if (mode !== 'tier') c.amountCell = amountCell(rng, annualPurchase(rng, c.tier));
  }
  // Threshold cases (≥ 5,000,000 is A, ≥ 1,000,000 is B) so an off-by-one in the importer shows.
  const amountOnly = (t: Tier) => customers.filter((c) => c.tier === t && c.tierCell === '' && c.amountCell !== '');
  const boundaryA = amountOnly('A')[0];
  const boundaryB = amountOnly('B')[0];
  const boundaryC = amountOnly('C')[0];
  if (boundaryA) boundaryA.amountCell = '500万';
  if (boundaryB) boundaryB.amountCell = '1,000,000';
  if (boundaryC) boundaryC.amountCell = '999,999';
  // Explicit tier wins over the amount (SPEC 3.1): two strategic accounts are managed as A below the threshold.
  const both = customers.filter((c) => c.tier === 'A' && c.tierCell === 'A' && c.amountCell !== '');
  for (const c of both.slice(0, 2)) {
    c.amountCell = amountCell(rng, rng.int(380, 480) * 10_000);
    c.notes = '集团战略客户，按A类管理';
  }

  // Key accounts (标签 重点, ~8%): the big ones.
  const keyPool = rng.shuffle(customers.filter((c) => c.tier === 'A')).slice(0, 15)
    .concat(rng.shuffle(customers.filter((c) => c.tier === 'B')).slice(0, 11));
  for (const c of keyPool) c.key = true;

  // Groups that drive the event history. Lost / do-not-disturb first, then dormant, then no transactions.
  const bc = (c: Customer) => c.tier !== 'A' && !c.key;
  const lost = rng.shuffle(customers.filter((c) => bc(c) && c.since <= addMonths(ANCHOR, -18))).slice(0, 6);
  for (const c of lost) {
    c.group = 'lost';
    c.status = '流失';
  }
  const dnd = rng.shuffle(customers.filter((c) => bc(c) && c.group === 'active')).slice(0, 3);
  for (const c of dnd) {
    c.group = 'dnd';
    c.status = '勿扰';
  }
  // Dormant: cooperation older than their last order (Apr–May), so that order is not their first contact.
  const dormant = rng.shuffle(customers.filter((c) => c.tier !== 'A' && c.group === 'active' && c.since <= addMonths(ANCHOR, -9))).slice(0, 15);
  for (const c of dormant) c.group = 'dormant';
  const none = rng.shuffle(customers.filter((c) => c.tier === 'C' && !c.key && c.group === 'active')).slice(0, 20);
  for (const c of none) c.group = 'none';

  // Contacts: the primary one is the customers.csv 联系人; 1–3 more cover the roles the seeds
  // require reaching (技术负责人, 行政负责人, 主要使用人).
  const contacts: Contact[] = [];
  const ROLES = ['技术负责人', '行政负责人', '主要使用人'];
  for (const c of customers) {
    const primaryRole = rng.weighted([['采购负责人', 50], ['技术负责人', 25], ['主要使用人', 15], ['行政负责人', 10]] as const);
    const taken = new Set<string>();
    const primaryName = personName(rng);
    taken.add(primaryName);
    c.contact = primaryName;
    c.phone = rng.chance(0.86) ? mobile(rng) : landline(rng, c.areaCode);
    contacts.push({ customer: c.code, name: primaryName, role: primaryRole, phone: c.phone, primary: true });
    const extraRoles = rng.shuffle(ROLES.filter((r) => r !== primaryRole));
    const n = Math.min(extraRoles.length, rng.weighted([[1, 35], [2, 45], [3, 20]] as const));
    for (const role of extraRoles.slice(0, n)) {
      let nm = personName(rng);
      while (taken.has(nm)) nm = personName(rng);
      taken.add(nm);
      const phone = rng.chance(0.92) ? mobile(rng) : landline(rng, c.areaCode);
      contacts.push({ customer: c.code, name: nm, role, phone, primary: false });
    }
  }

  // Birthdays of the primary contact (~15%). Three fall in the week after the anchor so the demo
  // shows greetings; the others avoid that week so the number stays exactly three.
  const bdRng = new Rng('birthdays');
  const birthdayCell = (month: number, dayOfMonth: number): string =>
    bdRng.chance(0.6) ? `${month}月${dayOfMonth}日` : `${bdRng.int(1962, 1993)}/${month}/${dayOfMonth}`;
  const soonStart = ANCHOR - 1;
  const soonEnd = ANCHOR + 8;
  const inSoonWindow = (m: number, d: number): boolean => {
    for (let x = soonStart; x <= soonEnd; x++) {
      const p = partsOf(x);
      if (p.m === m && p.d === d) return true;
    }
    return false;
  };
  const withBirthday = bdRng.shuffle(customers.filter((c) => c.status === '正常')).slice(0, 48);
  withBirthday.forEach((c, i) => {
    if (i < 3) {
      const p = partsOf(ANCHOR + [2, 4, 6][i]!);
      c.birthdayCell = birthdayCell(p.m, p.d);
      return;
    }
    for (;;) {
      const m = bdRng.int(1, 12);
      const d = bdRng.int(1, 28); // 28: no 2月30日 and no leap-day puzzles
      if (!inSoonWindow(m, d)) {
        c.birthdayCell = birthdayCell(m, d);
        break;
      }
    }
  });

  // Remarks, as an administrator would jot them (some with ASCII commas/quotes for CSV quoting).
  const noteRng = new Rng('notes');
  for (const c of lost) c.notes = noteRng.pick(['已转向竞品采购,保留档案', '2025年起不再采购', '合作终止，设备已转让']);
  for (const c of dnd) c.notes = '客户要求不再电话回访';
  const plain = noteRng.shuffle(customers.filter((c) => c.notes === '' && c.status === '正常'));
  const NOTES = [
    '要求上门前一天电话预约,周三下午不接待',
    '设备科周一上午例会，避开该时段',
    '财务付款流程长,对账请找行政负责人',
    '客户称"校准证书必须加盖CNAS章"',
    '2025年更换过采购对接人',
    '有两个厂区，一厂、二厂送货地址不同',
    '年底预算集中在11-12月',
    '需开具增值税专用发票',
    '门卫处需提前登记车牌',
  ];
  plain.slice(0, NOTES.length).forEach((c, i) => {
    c.notes = NOTES[i]!;
  });
  // Customers who say they prefer WeChat get most of their follow-ups there.
  for (const c of plain.slice(NOTES.length, NOTES.length + 4)) {
    c.notes = '只接受微信沟通,电话常不接';
    c.prefersWechat = true;
  }
  for (const c of customers) {
    if (c.notes === '' && c.phone.includes('-') && noteRng.chance(0.5)) c.notes = `总机转${noteRng.int(801, 899)}分机`;
  }

  return { customers, contacts };
}

// ---------------------------------------------------------------------------------------------
// Events

/** `count` distinct call days in [lo, hi], ascending (deliveries and orders happen on working days). */
function callDaysBetween(rng: Rng, lo: Day, hi: Day, count: number): Day[] {
  const out = new Set<Day>();
  let guard = 0;
  while (out.size < count && guard++ < 1000) {
    out.add(randomCallDay(rng, lo, hi));
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * One shipment: a product of the customer's industry, a quantity that fits the account's size, and
 * the amount it comes to (list price less a negotiated discount, rounded to 100 yuan).
 */
function shipment(rng: Rng, c: Customer): { amount: number; note: string } {
  const [product, price] = rng.pick(PRODUCTS[c.industry]);
  const budget = c.tier === 'A' ? rng.int(2000, 30000) * 100 : c.tier === 'B' ? rng.int(500, 8000) * 100 : rng.int(80, 2000) * 100;
  const qty = Math.max(1, Math.min(200, Math.round(budget / price)));
  const amount = Math.round((qty * price * rng.int(85, 100)) / 100 / 100) * 100;
  const note = `${product} ${qty}台`;
  return { amount, note: rng.chance(0.25) ? `${note},含安装调试` : note };
}

function makeEvents(customers: Customer[]): EventRow[] {
  const rng = new Rng('events');
  const events: EventRow[] = [];
  // Keep every active customer's last transaction within ~160 days so only the planted ones are dormant
  // (dormant = no order/sale/delivery for 6 months), and none turns dormant during the demo week.
  const ACTIVE_RECENT = ANCHOR - 160;

  const addTx = (c: Customer, deliveryDays: Day[]): void => {
    for (const d of deliveryDays) {
      const { amount, note } = shipment(rng, c);
      // About half the deliveries come with their order, 10–45 days earlier.
      if (rng.chance(0.55)) {
        const od = prevCallDay(Math.max(c.since, d - rng.int(10, 45)));
        if (od >= c.since) events.push({ customer: c.code, type: 'order', date: od, amount: String(amount), ref: '', note });
      }
      events.push({ customer: c.code, type: 'delivery', date: d, amount: String(amount), ref: '', note });
    }
  };

  for (const c of customers) {
    if (c.group === 'active') {
      const n =
        c.tier === 'A' ? rng.int(2, 4) : c.tier === 'B' ? rng.weighted([[1, 30], [2, 50], [3, 20]] as const) : rng.weighted([[1, 70], [2, 30]] as const);
      const lo = Math.max(c.since + 5, EVENTS_START);
      const hi = ANCHOR - 2;
      const days = callDaysBetween(rng, lo, hi, n);
      if ((days[days.length - 1] ?? 0) < ACTIVE_RECENT) {
        days.pop();
        days.push(randomCallDay(rng, Math.max(lo, ACTIVE_RECENT), hi - 3));
        days.sort((a, b) => a - b);
      }
      addTx(c, days);
    } else if (c.group === 'dormant') {
      // Last transaction 6–7 months before the anchor (a few days inside the window on each side),
      // so the six months are up one to four weeks before the anchor: an overdue wake-up call.
      const last = randomCallDay(rng, addMonths(ANCHOR, -7) + 2, addMonths(ANCHOR, -6) - 6);
      const days = [last];
      if (rng.chance(0.4)) {
        const lo = Math.max(c.since + 5, EVENTS_START);
        if (last - 20 > lo) days.unshift(randomCallDay(rng, lo, last - 20));
      }
      addTx(c, days);
    }
    // 'none', 'lost', 'dnd': no transaction events at all (never dormant per SPEC 3.3).
  }

  const active = customers.filter((c) => c.group === 'active');
  const deliveriesOf = (code: string) => events.filter((e) => e.customer === code && e.type === 'delivery');

  // Recent orders not yet delivered.
  for (const c of rng.shuffle(active).slice(0, 14)) {
    const d = randomCallDay(rng, ANCHOR - 25, ANCHOR - 4);
    const { amount, note } = shipment(rng, c);
    if (d > c.since) events.push({ customer: c.code, type: 'order', date: d, amount: String(amount), ref: '', note });
  }

  // Complaints: 12 over the period. The first 9 are resolved 1–5 days later; two of those resolve
  // just before the anchor (callback due now). The last 3 are still open (a recent and an old one).
  // [what the customer complained about, how it was resolved]; the last three stay unresolved.
  const COMPLAINTS: readonly (readonly [string, string])[] = [
    ['压力变送器输出漂移，影响产线', '工程师上门重新标定'],
    ['校准证书迟迟未寄到', '补寄证书原件并致歉'],
    ['备件交货期过长', '调货优先发出'],
    ['售后工程师未按约定时间到场', '重新预约，主管陪同上门'],
    ['发票开具错误,需重开', '重新开具发票'],
    ['到货包装破损，表头划伤', '更换新表头'],
    ['软件授权到期无法使用', '延长授权一年'],
    ['流量计读数与现场不符', '现场比对后重设参数'],
    ['培训承诺未兑现', '补充安排现场培训'],
    ['维修后同一故障再次出现', ''],
    ['报价与合同价格不一致', ''],
    ['客服电话长时间无人接听', ''],
  ];
  const complainers = rng.shuffle(active.filter((c) => deliveriesOf(c.code).length > 0)).slice(0, 12);
  complainers.forEach((c, i) => {
    const [note, resolution] = COMPLAINTS[i]!;
    let cd: Day;
    let resolvedAfter: number | null;
    if (i === 0) [cd, resolvedAfter] = [ANCHOR - 4, 3]; // resolved the Friday before the anchor: callback due on the anchor
    else if (i === 1) [cd, resolvedAfter] = [ANCHOR - 8, 5];
    else if (i < 9) {
      const firstDelivery = deliveriesOf(c.code)[0]!.date;
      cd = rng.int(Math.min(firstDelivery + 5, ANCHOR - 20), ANCHOR - 20);
      resolvedAfter = rng.int(1, 5);
    } else if (i === 9) [cd, resolvedAfter] = [ANCHOR - 2, null];
    else if (i === 10) [cd, resolvedAfter] = [ANCHOR - 9, null];
    else [cd, resolvedAfter] = [ANCHOR - 25, null];
    cd = prevCallDay(cd);
    events.push({ customer: c.code, type: 'complaint', date: cd, amount: '', ref: '', note });
    if (resolvedAfter !== null) {
      // 1–5 days later, on a working day when one lies in between (a holiday does not stretch it),
      // and always before the anchor.
      const target = Math.min(cd + resolvedAfter, ANCHOR - 1);
      const rd = prevCallDay(target) > cd ? prevCallDay(target) : target;
      events.push({ customer: c.code, type: 'complaint_resolved', date: rd, amount: '', ref: '', note: resolution });
    }
  });

  // Repairs: 8, two in the last ten days so their callbacks (+7 days) fall around the anchor.
  const REPAIRS = ['更换压力传感器膜片', '主板故障，返厂维修', '更换显示屏', '标定漂移，重新校准', '更换电源模块', '光源老化，更换氘灯', '泵阀密封圈更换', '固件升级并重新标定'];
  rng.shuffle(active.filter((c) => deliveriesOf(c.code).some((e) => e.date < ANCHOR - 40))).slice(0, 8).forEach((c, i) => {
    const firstDelivery = deliveriesOf(c.code)[0]!.date;
    const rd = i === 0 ? ANCHOR - 3 : i === 1 ? ANCHOR - 8 : rng.int(firstDelivery + 30, ANCHOR - 12);
    const warranty = rng.chance(0.5);
    events.push({
      customer: c.code,
      type: 'repair_done',
      date: prevCallDay(rd),
      amount: warranty ? '' : String(rng.int(8, 120) * 100),
      ref: '',
      note: warranty ? `${REPAIRS[i]!}（保修期内）` : REPAIRS[i]!,
    });
  });

  // Appointments: 10 scheduled on-site calibrations 1–10 days after the anchor, on working days.
  const apptPool = rng.shuffle(active.filter((c) => c.industry !== '科研院所' && deliveriesOf(c.code).length > 0)).slice(0, 10);
  apptPool.forEach((c, i) => {
    const d = nextCallDay(ANCHOR + 1 + Math.floor((i * 10) / apptPool.length));
    const note = rng.chance(0.7) ? `现场校准：${rng.pick(PRODUCTS[c.industry])[0]} ${rng.int(2, 20)}台（年度检定）` : '上门校准及巡检';
    events.push({ customer: c.code, type: 'appointment', date: Math.min(d, ANCHOR + 10), amount: '', ref: '', note });
  });

  // Major events (SPEC 3.2, 48-hour ad-hoc visit): two fresh, one three weeks old (already handled).
  const EXPANSIONS = ['新建二期车间，计划新增在线监测点约40个', '新院区开业，检验科设备扩容', '新增CNAS认可项目,需配置标准器'];
  rng.shuffle(active.filter((c) => c.tier !== 'C')).slice(0, 3).forEach((c, i) => {
    const d = prevCallDay(ANCHOR - [1, 4, 21][i]!);
    events.push({ customer: c.code, type: 'expansion', date: d, amount: '', ref: '', note: EXPANSIONS[i]! });
  });

  // Document numbers, assigned in date order as a real system would, with gaps (documents of
  // customers outside this data set). Prefix per type: FH 发货, DD 订单, TS 投诉, WX 维修.
  events.sort((a, b) => a.date - b.date || cmp(a.customer, b.customer) || cmp(a.type, b.type));
  const PREFIX: Record<string, [string, number]> = { delivery: ['FH', 5], order: ['DD', 5], complaint: ['TS', 4], repair_done: ['WX', 5] };
  const counters = new Map<string, number>();
  for (const e of events) {
    const pf = PREFIX[e.type];
    if (!pf) continue;
    const year = partsOf(e.date).y;
    const k = `${pf[0]}${year}`;
    const n = (counters.get(k) ?? (pf[0] === 'TS' ? 3 : rng.int(80, 160))) + rng.int(1, pf[0] === 'TS' ? 3 : 6);
    counters.set(k, n);
    e.ref = `${pf[0]}${year}-${String(n).padStart(pf[1], '0')}`;
  }
  return events;
}

// ---------------------------------------------------------------------------------------------
// Visit history: a simple simulation of the clerks working through the plan for a year

interface Obligation {
  due: Day;
  /** First day a reached visit can serve it (SPEC 3.0: due − 7, never before its event). */
  open: Day;
  kind: 'routine' | 'onsite' | 'delivery1' | 'delivery2' | 'delivery3' | 'complaint' | 'repair' | 'adhoc';
  done: boolean;
}

const ROUTINE_MONTHS: Record<Tier, number> = { A: 1, B: 3, C: 6 };

interface DueCall {
  customer: Customer;
  kind: Obligation['kind'];
  due: Day;
}

function makeVisits(customers: Customer[], events: EventRow[]): { visits: Visit[]; dueCalls: DueCall[] } {
  const visits: Visit[] = [];
  const dueCalls: DueCall[] = [];
  // Some clerks fell behind with some customers: they made no call that came due in the last few
  // days or weeks, which leaves calls due or overdue (by days or by weeks) on the demo day, on top
  // of those that simply slipped. Candidates are tried in a shuffled order and kept only if
  // falling behind really leaves more calls overdue (a C account reached three months ago has
  // nothing due); each customer has its own PRNG stream, so trying one does not disturb the others.
  const rng = new Rng('backlog');
  const BACKLOG = 25;
  let accepted = 0;
  for (const c of rng.shuffle(customers)) {
    let sim = simulateCustomer(c, events, null);
    if (accepted < BACKLOG && c.group === 'active') {
      const skipDays = rng.weighted<() => number>([[() => rng.int(1, 7), 40], [() => rng.int(8, 30), 40], [() => rng.int(31, 50), 20]])();
      const tried = simulateCustomer(c, events, skipDays);
      if (tried.due.length > sim.due.length) {
        sim = tried;
        accepted++;
      }
    }
    visits.push(...sim.visits);
    if (c.status === '正常') dueCalls.push(...sim.due.map((o) => ({ customer: c, kind: o.kind, due: o.due })));
  }
  visits.sort((a, b) => a.day - b.day || a.minute - b.minute || cmp(a.customer, b.customer));
  return { visits, dueCalls };
}

/**
 * One customer's year: the clerk works through the customer's obligations in due order (periodic
 * routine and on-site calls, calls after deliveries, complaints, repairs and major events), with
 * realistic slippage, failed attempts and retries. `skipDays`: the clerk makes no call due within
 * that many days before the anchor (backlog). Returns the visits and how many calls are due by the anchor.
 */
function simulateCustomer(c: Customer, events: EventRow[], skipDays: number | null): { visits: Visit[]; due: Obligation[] } {
  const rng = new Rng(`visits:${c.code}`);
  const visits: Visit[] = [];
  const evs = events.filter((e) => e.customer === c.code);
  const obligations: Obligation[] = [];
  for (const e of evs) {
    if (e.type === 'delivery') {
      // The first call's window opens at the delivery itself (SPEC 3.0); the others 7 days early.
      obligations.push({ due: addMonths(e.date, 1), open: e.date + 1, kind: 'delivery1', done: false });
      obligations.push({ due: addMonths(e.date, 3), open: addMonths(e.date, 3) - 7, kind: 'delivery2', done: false });
      obligations.push({ due: addMonths(e.date, 6), open: addMonths(e.date, 6) - 7, kind: 'delivery3', done: false });
    } else if (e.type === 'complaint_resolved') {
      obligations.push({ due: addCallDays(e.date, 1), open: e.date + 1, kind: 'complaint', done: false });
    } else if (e.type === 'repair_done') {
      obligations.push({ due: e.date + 7, open: e.date + 1, kind: 'repair', done: false });
    } else if (e.type === 'expansion') {
      obligations.push({ due: e.date, open: e.date, kind: 'adhoc', done: false });
    }
  }

  // Periodic clocks. Before the history starts we assume the customer was last reached at some
  // point within one interval, so a whole year of cadence shows up in the history.
  const routineMonths = ROUTINE_MONTHS[c.tier];
  const onsiteMonths = c.key ? 3 : c.tier === 'A' ? 6 : 0;
  const startClock = (months: number): Day => {
    if (c.since >= HISTORY_START) return addMonths(c.since, months);
    const span = HISTORY_START - addMonths(HISTORY_START, -months);
    return addMonths(Math.max(c.since, HISTORY_START - rng.int(0, span - 1)), months);
  };
  const routineStart = startClock(routineMonths);
  const routine: Obligation = { due: routineStart, open: routineStart - 7, kind: 'routine', done: false };
  const onsiteStart = onsiteMonths ? startClock(onsiteMonths) : 0;
  const onsite: Obligation | null = onsiteMonths ? { due: onsiteStart, open: onsiteStart - 14, kind: 'onsite', done: false } : null;

  // Where this customer's history stops.
  let cutoff = ANCHOR;
  if (c.group === 'lost') cutoff = ANCHOR - rng.int(60, 220);
  if (c.group === 'dnd') cutoff = ANCHOR - rng.int(25, 110);
  if (c.group === 'dormant') {
    // Stop before the wake-up call's window opens, so the wake-up (and third call) are still open.
    const lastTx = Math.max(...evs.filter((e) => e.type === 'delivery' || e.type === 'order').map((e) => e.date));
    cutoff = Math.min(cutoff, addMonths(lastTx, 6) - 8);
  }

  let last = HISTORY_START - 1;
  const staffFor = (): string => (rng.chance(0.9) ? c.owner : rng.pick(CLERKS.filter((s) => s !== c.owner)));
  const record = (day: Day, channel: string, outcome: string, ctx: Obligation['kind']): Visit => {
    const minute = rng.chance(0.55) ? rng.int(600, 690) : rng.int(900, 1020); // 10:00–11:30, 15:00–17:00
    const v: Visit = { customer: c.code, day, minute, staff: staffFor(), channel, outcome, score: '', respondent: '', feedback: '' };
    if (outcome === '接通') fillReached(rng, v, ctx, channel);
    visits.push(v);
    return v;
  };

  for (let guard = 0; guard < 200; guard++) {
    const cands = [routine, ...(onsite ? [onsite] : []), ...obligations.filter((o) => !o.done)];
    cands.sort((a, b) => a.due - b.due);
    const target = cands[0]!;
    if (skipDays !== null && target.due >= ANCHOR - skipDays) break;
    const slip =
      target.kind === 'routine'
        ? rng.weighted<() => number>([[() => rng.int(-5, 0), 35], [() => rng.int(1, 7), 45], [() => rng.int(8, 20), 15], [() => rng.int(21, 35), 5]])()
        : target.kind === 'onsite'
          ? rng.int(-12, 10)
          : target.kind === 'complaint' || target.kind === 'adhoc'
            ? rng.int(0, 2)
            : rng.weighted<() => number>([[() => rng.int(-6, 0), 70], [() => rng.int(1, 5), 20], [() => rng.int(6, 15), 10]])();
    let day = nextCallDay(Math.max(target.due + slip, target.open, last + 1, HISTORY_START, c.since + 1));
    if (day >= cutoff) break;

    const isOnsite = target.kind === 'onsite';
    const channel = isOnsite ? '上门' : c.prefersWechat ? (rng.chance(0.8) ? '微信' : '电话') : rng.chance(0.04) ? '微信' : '电话';
    let reachedDay: Day | null = null;
    let refused = false;
    for (let attempt = 1; attempt <= 4 && day < cutoff; attempt++) {
      // On-site visits are booked in advance, so they happen; the fourth phone attempt is
      // assumed to get through (or the customer calls back), keeping the reach rate near 80%.
      const outcome = isOnsite || attempt === 4 ? '接通' : drawOutcome(rng, channel);
      record(day, channel, outcome, target.kind);
      last = day;
      if (outcome === '接通') {
        reachedDay = day;
        break;
      }
      if (outcome === '拒访') {
        refused = true;
        break;
      }
      // Retry rhythm of SPEC 3.4: next working day; 2 after a message; a wrong number waits for
      // a colleague to pass on the new one.
      day = outcome === '留言' ? addCallDays(day, 2) : outcome === '空号' ? nextCallDay(day + rng.int(7, 14)) : addCallDays(day, 1);
    }
    if (refused) {
      // A refusal closes that task; a periodic clock restarts from the refusal.
      if (target.kind === 'routine' || target.kind === 'onsite') {
        target.due = addMonths(last, target.kind === 'routine' ? routineMonths : onsiteMonths);
        target.open = target.due - 7;
      } else target.done = true;
      continue;
    }
    if (reachedDay === null) break; // ran into the cutoff while retrying
    const rd = reachedDay;
    for (const o of obligations) if (!o.done && o.open <= rd) o.done = true;
    // Imported history sets the routine clock from the last reached visit (SPEC 3.0).
    routine.due = addMonths(rd, routineMonths);
    routine.open = routine.due - 7;
    if (onsite && isOnsite) {
      onsite.due = addMonths(rd, onsiteMonths);
      onsite.open = onsite.due - 14;
    }
  }

  // Epilogues that explain a status.
  if (c.group === 'lost') {
    const lastReached = [...visits].reverse().find((v) => v.outcome === '接通');
    if (lastReached) {
      lastReached.score = String(rng.int(1, 2));
      lastReached.feedback = rng.pick(FB_LOST);
    }
  } else if (c.group === 'dnd') {
    const lastDay = visits.length ? visits[visits.length - 1]!.day : c.since + 30;
    const d = nextCallDay(Math.max(lastDay + 20, cutoff));
    if (d < ANCHOR - 3) record(d, '电话', '拒访', 'routine');
  }
  const due = [routine, ...(onsite ? [onsite] : []), ...obligations.filter((o) => !o.done)].filter((o) => o.due <= ANCHOR);
  return { visits, due };
}

function drawOutcome(rng: Rng, channel: string): string {
  if (channel === '微信') return rng.weighted([['接通', 80], ['无人接听', 14], ['留言', 6]] as const);
  return rng.weighted([['接通', 79], ['无人接听', 9], ['占线', 4], ['留言', 5.5], ['空号', 1], ['拒访', 0.5]] as const);
}

function fillReached(rng: Rng, v: Visit, ctx: Obligation['kind'], channel: string): void {
  const score = rng.weighted([[5, 58], [4, 29], [3, 9], [2, 2.5], [1, 1.5]] as const);
  v.score = String(score);
  v.respondent = channel === '上门' ? rng.weighted([['本人', 75], ['同事', 25]] as const) : rng.weighted([['本人', 80], ['同事', 17], ['家属', 3]] as const);
  const good: Record<Obligation['kind'], readonly string[]> = {
    routine: FB_GOOD_ROUTINE,
    onsite: FB_GOOD_ONSITE,
    delivery1: FB_GOOD_DELIVERY1,
    delivery2: FB_GOOD_DELIVERY2,
    delivery3: FB_GOOD_DELIVERY3,
    complaint: FB_GOOD_COMPLAINT,
    repair: FB_GOOD_REPAIR,
    adhoc: FB_GOOD_ADHOC,
  };
  // A family member who picked up rarely has anything to report; clerks also skip the field now and then.
  if (v.respondent === '家属' || rng.chance(0.05)) v.feedback = v.respondent === '家属' ? '本人出差，家属代为转告' : '';
  else v.feedback = score >= 4 ? rng.pick(good[ctx]) : score === 3 ? rng.pick(FB_MIXED) : rng.pick(FB_BAD);
}

// ---------------------------------------------------------------------------------------------
// Output

/** CSV text with the given line ending; csv-stringify quotes only cells that need it, like Excel. */
function csv(header: readonly string[], rows: readonly (readonly string[])[], eol: 'windows' | 'unix'): string {
  return stringify([header, ...rows], { record_delimiter: eol });
}

function hhmm(minute: number): string {
  return `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;
}

function main(): void {
  const { customers, contacts } = makeCustomers();
  const events = makeEvents(customers);
  const { visits, dueCalls } = makeVisits(customers, events);

  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'anchor.txt'), `${ANCHOR_ISO}\n`);

  // customers.csv: GBK + CRLF, what Chinese Excel/WPS write by default ("CSV (逗号分隔)").
  const customersText = csv(
    ['客户编号', '客户名称', '等级', '年采购额', '行业', '负责人', '合作日期', '生日', '标签', '状态', '联系人', '电话', '备注'],
    customers.map((c) => [c.code, c.name, c.tierCell, c.amountCell, c.industry, c.owner, slash(c.since), c.birthdayCell, c.key ? '重点' : '', c.status, c.contact, c.phone, c.notes]),
    'windows',
  );
  const gbk = iconv.encode(customersText, 'gbk');
  // iconv-lite silently writes '?' for characters GBK lacks: refuse rather than commit mojibake.
  if (iconv.decode(gbk, 'gbk') !== customersText) throw new Error('customers.csv contains characters GBK cannot encode');
  writeFileSync(join(OUT_DIR, 'customers.csv'), gbk);

  // contacts.csv: UTF-8 with BOM + CRLF ("CSV UTF-8" in Excel).
  writeFileSync(
    join(OUT_DIR, 'contacts.csv'),
    '\uFEFF' + csv(['客户编号', '姓名', '职务', '电话', '主联系人'], contacts.map((k) => [k.customer, k.name, k.role, k.phone, k.primary ? '是' : '否']), 'windows'),
  );

  // events.csv: plain UTF-8 + LF with English headers, as another system's export would be.
  writeFileSync(
    join(OUT_DIR, 'events.csv'),
    csv(['customer', 'type', 'date', 'amount', 'ref', 'note'], events.map((e) => [e.customer, e.type, iso(e.date), e.amount, e.ref, e.note]), 'unix'),
  );

  // visits.csv: UTF-8 with BOM + CRLF, the old paper/Excel 回访记录 register.
  writeFileSync(
    join(OUT_DIR, 'visits.csv'),
    '\uFEFF' +
      csv(
        ['客户编号', '回访时间', '回访人', '方式', '结果', '满意度', '受访人', '反馈'],
        visits.map((v) => [v.customer, `${iso(v.day)} ${hhmm(v.minute)}`, v.staff, v.channel, v.outcome, v.score, v.respondent, v.feedback]),
        'windows',
      ),
  );

  // Summary, plus a rough preview of what the simulated clerks left due on the anchor day (the
  // app's own calendar and windows decide the real list), to help tune the generator.
  const count = <T>(xs: readonly T[], f: (x: T) => string): string => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(f(x), (m.get(f(x)) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}=${n}`).join(' ');
  };
  const overdue = dueCalls.map((d) => ANCHOR - d.due).sort((a, b) => a - b);
  const dormantCount = customers.filter((c) => c.group === 'dormant').length;
  const out = (s: string) => process.stdout.write(s + '\n');
  out(`fixtures/demo (anchor ${ANCHOR_ISO})`);
  out(`  customers.csv  ${customers.length} rows (GBK, CRLF)  tiers: ${count(customers, (c) => c.tier)}  status: ${count(customers, (c) => c.status)}  key: ${customers.filter((c) => c.key).length}  birthdays: ${customers.filter((c) => c.birthdayCell).length}`);
  out(`  contacts.csv   ${contacts.length} rows (UTF-8 BOM, CRLF)`);
  out(`  events.csv     ${events.length} rows (UTF-8, LF)  ${count(events, (e) => e.type)}`);
  out(`  visits.csv     ${visits.length} rows (UTF-8 BOM, CRLF)  ${count(visits, (v) => v.outcome)}  | ${count(visits, (v) => v.channel)}`);
  out(`  preview: ${dueCalls.length} calls for ${new Set(dueCalls.map((d) => d.customer.code)).size} customers due/overdue on the anchor (${count(dueCalls, (d) => d.kind)}; days overdue min ${overdue[0] ?? '-'}, median ${overdue[Math.floor(overdue.length / 2)] ?? '-'}, max ${overdue[overdue.length - 1] ?? '-'}) + ${dormantCount} dormant wake-ups`);
}

main();
