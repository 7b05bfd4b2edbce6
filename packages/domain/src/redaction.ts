// Redaction (适当处理) of personal data in texts to be published on the portal (R-PUB-05).
//
// R-PUB-05: information on minors, state secrets, commercial secrets and personal privacy is not
// published; "where publication is required anyway, after redaction". This module is the redaction:
// it finds the personal data a publicity reviewer (公示审核人员) expects to be masked in a decision
// text — individuals' names, 公民身份号码, phone numbers, bank cards, home addresses, plate numbers,
// e-mail addresses — and returns the masked text with one hit per masked span, so that the reviewer
// UI can highlight every span in the ORIGINAL text (offsets are UTF-16 indices into the input).
//
// Pure: no I/O, no clock, no randomness; the same input always gives the same output.
//
// Policy, in short (each detector documents its own choices):
// - privacy first: when in doubt about a number that looks like personal data, mask it (a mistyped
//   ID number is still personal data);
// - organisations are not individuals: names of companies, shops, agencies and their 统一社会信用代码
//   stay; officers' names and the agency's public phone numbers stay when given in `options.keep`;
// - masks keep the length of numbers (so the text still reads like the original) but never any part
//   that identifies the person; masked text is never detected again (redaction is idempotent).

/** What a hit masks. */
export type RedactionKind = "person_name" | "id_number" | "phone" | "bank_card" | "address" | "plate" | "email";

/** One masked span; `start`/`end` are UTF-16 offsets in the ORIGINAL text (end exclusive). */
export interface RedactionHit {
  kind: RedactionKind;
  start: number;
  end: number;
  /** The original text of the span (`text.slice(start, end)`). */
  original: string;
  /** What replaces the span in the output. */
  replacement: string;
  /** Why, when it is not obvious (e.g. "校验码不符" for an ID number with a wrong check character). */
  note?: string;
}

export interface RedactionOptions {
  /** Names of individuals known from the case (party, legal representative, witnesses…): always masked wherever they occur. */
  personNames?: readonly string[];
  /**
   * Strings that must stay as they are (officers' names, organisations' names, the agency's public phone
   * numbers…). A hit lying inside an occurrence of a `keep` string is dropped; `keep` wins over
   * `personNames` for the very same string.
   */
  keep?: readonly string[];
  /**
   * Keep the address written after an organisation's address cue (住所：, 注册地址：, 经营场所：, 营业场所：,
   * 经营地址：, 办公地址：) — an organisation's registered address is public registration data. Off by
   * default: the reviewer turns it on for a decision whose party is an organisation. Individuals' cues
   * (住址：, 家住, 户籍地…) and addresses found without a cue are masked regardless.
   */
  keepOrganisationAddresses?: boolean;
}

/** Chinese labels of the hit kinds, for the reviewer UI. */
export const REDACTION_KIND_LABELS: Record<RedactionKind, string> = {
  person_name: "姓名",
  id_number: "身份证号码",
  phone: "电话号码",
  bank_card: "银行卡号",
  address: "住址",
  plate: "车牌号码",
  email: "电子邮箱",
};

/**
 * What replaces the part of an address below the district/county level. Fixed, so that the length
 * of the street, house number and room is not revealed.
 */
export const ADDRESS_MASK = "******";

const MASK = "*";

// ---------------------------------------------------------------------------------------------
// Characters

const HAN = /^\p{Script=Han}$/u;
const NAME_DOTS = "·•・‧";

function isHan(ch: string): boolean {
  return ch !== "" && HAN.test(ch);
}

/** The code point starting at UTF-16 index `i` ("" at the end). */
function charAt(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? "" : String.fromCodePoint(cp);
}

/** The code point ending just before UTF-16 index `i` ("" at the start). */
function charBefore(text: string, i: number): string {
  if (i <= 0) return "";
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(i - 2, i);
  }
  return text.charAt(i - 1);
}

function codePoints(s: string): string[] {
  return Array.from(s);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Alternation of words, longest first (so that 法定代表人 wins over 代表人). */
function alternation(words: readonly string[]): string {
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(escapeRegExp)
    .join("|");
}

// ---------------------------------------------------------------------------------------------
// Names (姓名)

/**
 * Compound surnames (复姓) that keep both characters in the mask (欧阳娜娜 → 欧阳某某). Only used for
 * names of three or more characters: a two-character name is surname + given name.
 */
export const COMPOUND_SURNAMES: readonly string[] = [
  "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "夏侯", "端木",
  "万俟", "司徒", "司空", "申屠", "轩辕", "独孤", "南宫", "西门", "百里", "呼延", "澹台", "公冶", "太叔", "闻人",
  "濮阳", "钟离", "宗政", "仲孙", "赫连", "淳于", "单于", "拓跋", "完颜", "东郭", "羊舌", "微生", "梁丘", "左丘",
  "东门", "公羊", "谷梁", "段干", "乐正", "鲜于", "闾丘", "亓官", "司寇", "巫马", "公西", "颛孙", "壤驷", "公良",
  "漆雕", "宰父", "夹谷", "第五",
];
const COMPOUND_SURNAME_SET: ReadonlySet<string> = new Set(COMPOUND_SURNAMES);

// Common single surnames (about 300, covering well over 95% of the population). Surnames that are
// also everyday words or function characters (时, 原, 全, 应, 明, 国, 公, 司, 管, 房 …) are left out
// on purpose: they are used only to find unknown names in running text, where "当事人全部承认" must
// not yield a name; names with such surnames are still found after a colon cue (当事人：明亮，) and
// when given in `options.personNames`.
const SURNAME_CHARS =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈" +
  "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔" +
  "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌" +
  "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳柴蒙鲍华喻祁蒲滕屈饶解牟艾尤阳穆农卓古吉缪简车项连芦麦褚娄窦" +
  "戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师和仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝封谈" +
  "匡鞠惠荆乐冀郁胥储栗燕楚鄢谌奚粟冼蔺闻厉仝郜阚帅屠朴禹祖漆丰卿狄晁芮扈邸雍辜裘亓邰赫杭逯茹嵇湛昝鹿" +
  "云南皮廉郦滑蔚邴茅";
const SURNAMES: ReadonlySet<string> = new Set(codePoints(SURNAME_CHARS));

// Surnames that also commonly END a word (查明, 公安, 对方, 机关, 完成, 文件 …) or work as a preposition
// (于, 和, 向): when a name is cut out of the end of a longer run (…王五，男，) a three-character
// reading starting with one of these is not preferred over the two-character one.
const AMBIGUOUS_SURNAMES: ReadonlySet<string> = new Set(
  codePoints("于和向成文安方关华章师单车路金常申程段纪史叶谷苗林毛汤周钱庄盛季蒙南云皮乐丰边燕楚荣沙江石田高万"),
);

/**
 * Characters that do not occur in given names but do occur right after a cue in ordinary legal text
 * (当事人的…, 当事人未…, 当事人于本机关…): a candidate containing one (after its surname) is not a name.
 */
const NON_NAME_CHARS: ReadonlySet<string> = new Set(
  codePoints(
    "的了着过在于是未因将把被从对与及等已不无所其之以曾也都还又并而或即系称应该此本这那些年日号第个次部门局店司厂" +
      "们各每共总证据条款项按违反规罚处决审核查检执法事件物品货价额数量省市区县镇乡村街巷室楼层男女性族出住址电话身份" +
      "案经营销售购买使用罪名当时后前内外上下述则即请您我你他她它称说给让度",
  ),
);

/** Words that follow a name in running text (证人王五证实…, 当事人张三于…). */
const FOLLOWER_WORDS: readonly string[] = [
  ..."于在的未因系为是称等与和及对将把被从自向已曾无不所以即也又还均都共并之就便到说讲、".split(""),
  "陈述", "承认", "表示", "提供", "提出", "确认", "认可", "驾驶", "使用", "销售", "购进", "生产", "擅自", "涉嫌",
  "违反", "签字", "签名", "证实", "经营", "现场", "拒绝", "没有", "到场", "在场", "同意", "作为", "名下", "本人",
  "家住", "现住", "住址", "住所", "身份证", "居民身份证", "公民身份", "出生", "户籍", "持有", "承诺", "主动", "积极",
  "配合", "说明", "介绍", "交代", "供述", "辩称", "申辩", "开设", "开办", "设立", "负责", "委托", "出具", "收到",
  "接受", "明知", "购买", "出售", "存放", "储存", "运输", "加工", "制作", "无证", "通过", "利用", "雇佣", "聘用",
  "先生", "女士", "夫妇", "家中", "陪同", "电话", "联系电话", "手机", "性别", "民族", "系该", "系其", "均未", "并未",
];
const FOLLOWER_RE = new RegExp(`^(?:${alternation(FOLLOWER_WORDS)})`, "u");

/** Texts that follow a name cue but are not names (field labels, roles, placeholders, common words). */
const NAME_STOP_WORDS: ReadonlySet<string> = new Set([
  "姓名", "名字", "性别", "民族", "住址", "住所", "地址", "电话", "手机", "本人", "个人", "不详", "同上", "见上",
  "如上", "暂无", "未知", "无名", "他人", "其他", "对方", "双方", "个体户", "个体工商户", "户主", "业主", "店长",
  "经理", "老板", "店主", "法人", "会计", "出纳", "员工", "厂长", "站长", "社长", "主任", "校长", "院长", "局长",
  "科长", "队长", "村长", "组长", "书记", "主席", "董事长", "总经理", "董事", "监事", "股东", "全部", "全面",
  "全体", "全额", "和解", "成立", "安全", "关于", "关系", "权益", "许可", "金额", "余额", "时间", "方式", "方面",
  "单位", "程序", "任何", "高于", "严重", "常住", "白天", "黄金", "马上", "周边", "周围", "包装", "包括", "尚未",
  "车辆", "路段", "钱款", "文件", "江河", "林地", "林木", "龙头", "向其", "于是", "于当", "高价", "冷藏", "冷冻",
  "温度", "卫生", "华人", "毛利", "毛重", "严格", "邮箱", "许可证", "曾经", "曾因", "章程", "石材", "田地",
  "黎明", "雷同", "沙子", "米面", "蒙受", "宁可", "万元", "单据", "简易", "简称", "杨树", "柳树", "陆续",
  "潘多拉", "孔子", "江湖", "苏醒", "叶片", "季度", "艾草", "常年", "常见", "左右", "应当", "应该", "申请",
  "申报", "申辩", "申诉", "申明", "任意", "任职", "任由", "管理", "经营者", "解释", "解除", "解决", "安排", "余款",
  "连续", "屠宰", "农药", "农产品", "苗木", "施工", "牛奶", "牛肉", "成品", "成本", "高度",
]);

// Endings that make a candidate an organisation or a place, not a person.
const ORG_SUFFIXES_MULTI: readonly string[] = [
  "有限公司", "公司", "商行", "商店", "超市", "酒店", "饭店", "宾馆", "餐厅", "中心", "合作社", "经营部", "门市部",
  "工作室", "事务所", "诊所", "药店", "药房", "工厂", "车行", "网吧", "茶楼", "酒楼", "酒家", "食堂", "市场", "集团",
  "协会", "学校", "学院", "大学", "医院", "银行", "委员会", "政府", "农场", "林场", "牧场", "加工厂", "加油站", "小区",
  "社区", "公寓", "大厦", "广场", "花园", "个体户", "门市", "分店", "总店", "专卖", "批发", "连锁",
];
const ORG_SUFFIX_CHARS: ReadonlySet<string> = new Set(
  codePoints("店局厂行社所院馆场站部处队会委校园吧坊铺楼司室厅组村镇乡县市区省州路街巷苑庄屯"),
);

function looksLikeOrganisationOrPlace(chars: readonly string[]): boolean {
  const s = chars.join("");
  if (ORG_SUFFIXES_MULTI.some((suffix) => s.endsWith(suffix) && s.length > suffix.length)) return true;
  return chars.length >= 3 && ORG_SUFFIX_CHARS.has(chars[chars.length - 1] ?? "");
}

const NAME_DOT_SPLIT_RE = new RegExp(`[${NAME_DOTS}]`, "u");

function hasNameDot(s: string): boolean {
  for (const d of NAME_DOTS) if (s.includes(d)) return true;
  return false;
}

/** Already masked (张某, 张某某, 王××, 李**): never detected again. */
function isMasked(s: string): boolean {
  return /[某×*＊ＸX]/u.test(s);
}

/**
 * Whether `name` (code points) can be an individual's name found in text: 2–4 Han characters (or a
 * transliterated name with a separator dot, 阿依古丽·买买提), not a label, role, placeholder or common
 * word, not an organisation or place, and — after its surname — no character that never occurs in
 * given names (的, 于, 未, 本 …).
 */
function isPlausibleName(chars: readonly string[], requireSurname: boolean): boolean {
  const s = chars.join("");
  if (s === "" || isMasked(s)) return false;
  if (hasNameDot(s)) {
    const parts = s.split(NAME_DOT_SPLIT_RE);
    return chars.length <= 16 && parts.length >= 2 && parts.every((p) => p.length > 0 && codePoints(p).every(isHan));
  }
  if (chars.length < 2 || chars.length > 4) return false;
  if (!chars.every(isHan)) return false;
  if (NAME_STOP_WORDS.has(s)) return false;
  if (looksLikeOrganisationOrPlace(chars)) return false;
  const compound = chars.length >= 3 && COMPOUND_SURNAME_SET.has(s.slice(0, 2));
  const surnameLength = compound ? 2 : 1;
  const first = chars[0] ?? "";
  if (requireSurname && !compound && !SURNAMES.has(first)) return false;
  if (!compound && !SURNAMES.has(first) && NON_NAME_CHARS.has(first)) return false;
  if (compound && chars.length > 4) return false;
  for (const ch of chars.slice(surnameLength)) if (NON_NAME_CHARS.has(ch)) return false;
  return true;
}

/**
 * The published form of an individual's name, following the practice of the courts' rules for
 * publishing judgments on the internet (参照《最高人民法院关于人民法院在互联网公布裁判文书的规定》, 隐名处理):
 * keep the surname, replace the given name by 某 —
 * - 张三 → 张某 (two characters), 张三丰 / 张三丰丰 → 张某某 (three or more);
 * - compound surnames keep both characters: 欧阳娜 → 欧阳某, 欧阳娜娜 → 欧阳某某;
 * - transliterated and minority names written with a separator dot keep their first character only:
 *   阿依古丽·买买提 → 阿某某 (the structure of the name is not revealed);
 * - a one-character string (a surname alone) → 某;
 * - names in Latin letters keep their first letter only: John Smith → J.
 * Whitespace inside the name (张\u3000三) is ignored.
 */
export function maskPersonName(name: string): string {
  const compact = name.replace(/[\s\u3000]+/gu, "");
  const chars = codePoints(compact);
  const first = chars[0];
  if (first === undefined) return "";
  if (/^[A-Za-z]$/.test(first)) return first;
  if (hasNameDot(compact)) return `${first}某某`;
  if (chars.length === 1) return "某";
  if (chars.length === 2) return `${first}某`;
  const surname = compact.slice(0, 2);
  if (COMPOUND_SURNAME_SET.has(surname)) return chars.length === 3 ? `${surname}某` : `${surname}某某`;
  return `${first}某某`;
}

// ---------------------------------------------------------------------------------------------
// Numbers: 公民身份号码 (GB 11643-1999), 统一社会信用代码 (GB 32100-2015), bank cards (Luhn)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = "10X98765432";

/** First two digits of GB/T 2260 province-level codes (81/82/83: 港澳台居民居住证). */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
  "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
]);

function isExistingDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/** The ISO check character an 18-character ID number must end with (ISO 7064 MOD 11-2). */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError("Expected the first 17 digits of an ID number");
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11] ?? "";
}

/**
 * The birth date (`YYYY-MM-DD`) written in an ID number whose address code starts with a province
 * code and whose date exists (1800–2099) — whatever its check character, so that a mistyped number
 * still tells who was a minor (privacy first). 15-digit numbers (before 1999) carry `YYMMDD` of the
 * 1900s. null otherwise.
 */
export function idNumberBirthDate(id: string): string | null {
  const s = id.trim();
  let y: string, m: string, d: string;
  if (/^\d{17}[\dXx]$/.test(s)) {
    y = s.slice(6, 10);
    m = s.slice(10, 12);
    d = s.slice(12, 14);
  } else if (/^\d{15}$/.test(s)) {
    y = `19${s.slice(6, 8)}`;
    m = s.slice(8, 10);
    d = s.slice(10, 12);
  } else {
    return null;
  }
  if (!PROVINCE_CODES.has(s.slice(0, 2))) return null;
  const year = Number(y);
  if (year < 1800 || year > 2099 || !isExistingDate(year, Number(m), Number(d))) return null;
  return `${y}-${m}-${d}`;
}

/**
 * 公民身份号码 (GB 11643-1999): 18 characters — 6-digit address code (province code checked), birth
 * date `YYYYMMDD` that exists, 3-digit sequence, ISO 7064 MOD 11-2 check character (0–9 or X; a lower
 * case x is accepted). Old 15-digit numbers (no check character) are accepted when their address
 * code and `YYMMDD` birth date (1900s) are valid.
 */
export function isValidChineseIdNumber(id: string): boolean {
  if (idNumberBirthDate(id) === null) return false;
  if (id.length === 15) return true;
  return idNumberCheckChar(id.slice(0, 17)) === id.charAt(17).toUpperCase();
}

const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"; // GB 32100-2015: no I, O, S, V, Z
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and the capital letters except I, O, S, V, Z;
 * characters 3–8 are the digits of the registering authority's area code; the last is the check
 * character: 31 − (Σ value × 3^i mod 31) mod 31, as a character of the same alphabet.
 */
export function isValidCreditCode(code: string): boolean {
  if (code.length !== 18) return false;
  if (!/^\d{6}$/.test(code.slice(2, 8))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const v = USCC_CHARS.indexOf(code.charAt(i));
    if (v < 0) return false;
    sum += v * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS.charAt(check) === code.charAt(17);
}

/** The Luhn (mod 10) check used by bank card numbers (ISO/IEC 7812). */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let v = Number(digits[i]);
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * 18 characters: keep the first 3 (province and part of the city) and the last 4, mask the 11 between
 * — the whole birth date (characters 7–14) is hidden; 15 digits: keep 3 + 3, mask 9 (the birth date is
 * characters 7–12). The mask keeps the length of the number.
 */
export function maskIdNumber(id: string): string {
  const keepEnd = id.length === 15 ? 3 : 4;
  if (id.length <= 3 + keepEnd) return MASK.repeat(id.length);
  return id.slice(0, 3) + MASK.repeat(id.length - 3 - keepEnd) + id.slice(id.length - keepEnd);
}

/** Masks the digits whose positions (counted among digits only) are in [from, to), keeping separators. */
function maskDigitRange(s: string, from: number, to: number): string {
  let k = 0;
  let out = "";
  for (const ch of s) {
    if (/\d/.test(ch)) {
      out += k >= from && k < to ? MASK : ch;
      k += 1;
    } else {
      out += ch;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Candidates and their resolution

interface Candidate {
  kind: RedactionKind;
  start: number;
  end: number;
  replacement: string;
  note?: string;
  /** Lower wins between spans of the same length. */
  rank: number;
}

interface Span {
  start: number;
  end: number;
}

// An address over a name of the same span (住址：张进 — whatever it is, it is masked as an address, so
// that the masked name is not masked again as an address when the output is redacted again).
const RANK = {
  idValid: 0,
  bankCard: 1,
  idBadCheck: 2,
  phone: 3,
  email: 4,
  plate: 5,
  address: 6,
  knownName: 7,
  detectedName: 8,
  clipped: 9,
} as const;

/** All occurrences of `needle` in `text` (overlapping occurrences included). */
function occurrences(text: string, needle: string): Span[] {
  const spans: Span[] = [];
  if (needle === "") return spans;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) spans.push({ start: i, end: i + needle.length });
  return spans;
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/**
 * One hit per span: the longest candidate wins, then the most specific kind (a valid ID number over a
 * bank card over a mistyped ID number …). A candidate inside an accepted one is dropped (the longer
 * mask already covers it); a candidate that only partly overlaps accepted hits keeps its uncovered
 * parts, masked character by character, so that no part of any detected datum survives.
 */
function resolve(text: string, candidates: Candidate[], protectedSpans: readonly Span[]): Candidate[] {
  const sorted = candidates
    .filter((c) => c.end > c.start && !protectedSpans.some((p) => within(c, p)))
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.rank - b.rank || a.start - b.start || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const accepted: Candidate[] = [];
  for (const c of sorted) {
    const overlapping = accepted.filter((a) => a.start < c.end && c.start < a.end);
    if (overlapping.length === 0) {
      accepted.push(c);
      continue;
    }
    if (overlapping.some((a) => within(c, a))) continue;
    // Partial overlap: keep the uncovered pieces.
    overlapping.sort((a, b) => a.start - b.start);
    let cursor = c.start;
    const pieces: Span[] = [];
    for (const a of overlapping) {
      if (a.start > cursor) pieces.push({ start: cursor, end: a.start });
      cursor = Math.max(cursor, a.end);
    }
    if (cursor < c.end) pieces.push({ start: cursor, end: c.end });
    for (const piece of pieces) {
      const original = text.slice(piece.start, piece.end);
      const replacement = original.replace(/[\p{L}\p{N}]/gu, MASK);
      if (replacement === original) continue;
      accepted.push({ kind: c.kind, start: piece.start, end: piece.end, replacement, note: "与其他命中部分重叠，逐字遮盖", rank: RANK.clipped });
    }
  }
  return accepted.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Detectors: numbers

const NOT_ALNUM_BEFORE = "(?<![0-9A-Za-z])";
const NOT_ALNUM_AFTER = "(?![0-9A-Za-z])";

/** Labels before a registration code (统一社会信用代码, 注册号 …) that are organisations' identifiers. */
const CODE_CUE_RE = /(?:统一社会信用代码|社会信用代码|信用代码|注册号|营业执照号码?|组织机构代码|纳税人识别号|税号)[为是]?[：:\s]*$/u;

/** An 18-character string that could be an individual's number: a plausible ID number or a Luhn-valid card. */
function mayBePersonalNumber(code: string): boolean {
  return /^\d{17}[\dXx]$/.test(code) && (idNumberBirthDate(code) !== null || passesLuhn(code));
}

function codeProtectedSpans(text: string): Span[] {
  const spans: Span[] = [];
  const re = new RegExp(`${NOT_ALNUM_BEFORE}([0-9A-Z]{18}|\\d{15})${NOT_ALNUM_AFTER}`, "gu");
  for (const m of text.matchAll(re)) {
    const code = m[0];
    const start = m.index;
    const cue = CODE_CUE_RE.test(text.slice(Math.max(0, start - 16), start));
    if (code.length === 18 && isValidCreditCode(code) && (cue || !mayBePersonalNumber(code))) {
      // A valid 统一社会信用代码 stays. Without its label, an all-digit code that could also be an ID
      // number or a bank card (1 in 31 such numbers has a matching GB 32100 check character) is masked:
      // privacy first; the reviewer can list the code in `keep`.
      spans.push({ start, end: start + code.length });
    } else if (code.length === 15 && cue) {
      // Old 15-digit 工商注册号 after its label.
      spans.push({ start, end: start + code.length });
    }
  }
  return spans;
}

/**
 * Matches of `source` (a regular expression with its own look-behind) starting at EVERY position where
 * a number can start, overlapping ones included: a reading that starts early (the last group of a phone
 * number followed by a card) must not hide a number that starts later; the resolution picks among them.
 */
function matchesFromEveryStart(text: string, source: string): RegExpExecArray[] {
  const re = new RegExp(source, "uy");
  const out: RegExpExecArray[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    // A digit, "+", "(" or "（".
    if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x28 || c === 0xff08)) continue;
    re.lastIndex = i;
    const m = re.exec(text);
    if (m) out.push(m);
  }
  return out;
}

function idCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const re = new RegExp(`${NOT_ALNUM_BEFORE}(\\d{17}[\\dXx]|\\d{15})${NOT_ALNUM_AFTER}`, "gu");
  for (const m of text.matchAll(re)) {
    const id = m[0];
    const start = m.index;
    if (isValidChineseIdNumber(id)) {
      out.push({ kind: "id_number", start, end: start + id.length, replacement: maskIdNumber(id), rank: RANK.idValid });
    } else if (id.length === 18 && idNumberBirthDate(id) !== null) {
      // Plausible address code and birth date, wrong check character: a mistyped ID number is still
      // personal data — masked, flagged for the reviewer.
      out.push({ kind: "id_number", start, end: start + id.length, replacement: maskIdNumber(id), note: "校验码不符", rank: RANK.idBadCheck });
    }
  }
  return out;
}

/**
 * Bank cards: 16–19 digits passing the Luhn check, written in one run or in groups of four separated
 * by single spaces or hyphens. Kept: the first 4 (issuer) and the last 4 digits; separators stay.
 * Account numbers that fail the Luhn check (many corporate accounts) are not masked, except after a
 * 卡号 label (the text says it is a card: privacy first, flagged "校验位不符").
 */
function bankCardCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const shapes = [
    `${NOT_ALNUM_BEFORE}\\d{16,19}${NOT_ALNUM_AFTER}`,
    `${NOT_ALNUM_BEFORE}\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{4}${NOT_ALNUM_AFTER}`,
    `${NOT_ALNUM_BEFORE}\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{4}\\1\\d{1,3}${NOT_ALNUM_AFTER}`,
  ];
  for (const shape of shapes) {
    for (const m of matchesFromEveryStart(text, shape)) {
      const raw = m[0];
      const digits = raw.replace(/\D/g, "");
      const start = m.index;
      const luhn = passesLuhn(digits);
      const cardCue = /卡号[为是]?[：:\s]*$/u.test(text.slice(Math.max(0, start - 8), start));
      if (!luhn && !cardCue) continue;
      out.push({
        kind: "bank_card",
        start,
        end: start + raw.length,
        replacement: maskDigitRange(raw, 4, digits.length - 4),
        rank: RANK.bankCard,
        ...(luhn ? {} : { note: "校验位不符" }),
      });
    }
  }
  return out;
}

/** Public numbers of agencies and services (举报电话：…, 服务热线：…) are not personal data. */
const PUBLIC_PHONE_CUE_RE = /(?:举报|投诉|咨询|监督|服务|办公|值班)(?:电话|热线)[：:\s]*$|热线(?:电话)?[：:\s]*$/u;
/** Labels after which a bare local number (no area code) is a phone number. */
const PHONE_CUE_RE = /(?:联系电话|电话号码|电话|手机号码|手机号|手机|座机|联系方式)[为是]?[：:\s]*$/u;

function isPublicPhone(text: string, start: number): boolean {
  return PUBLIC_PHONE_CUE_RE.test(text.slice(Math.max(0, start - 12), start));
}

const AREA = "0(?:10|2\\d|[3-9]\\d{2})"; // 010, 02x, then four-digit area codes 0xxx

/**
 * Phones:
 * - mobiles 1[3-9]x xxxx xxxx, also with spaces or hyphens and a +86 / 0086 / (+86) prefix:
 *   the 4th–7th digits are masked (138****5678), prefix and separators stay;
 * - landlines with an area code (010-12345678, 0755-1234567, （0371）61234567, 021 12345678, and
 *   075561234567 when the local number starts with 2–9): the area code stays, the local number is
 *   masked entirely (010-********);
 * - a bare 7–8 digit local number right after a phone label (联系电话：6123456): masked entirely.
 * Service numbers (12315, 12345, 95xxx, 400…) never match these shapes; landlines after an agency's
 * public-line label (举报电话, 咨询电话, 服务热线 …) and anything in `options.keep` stay. A mobile number is
 * masked even after such a label (an agency's public lines are landlines; a mobile there is most likely
 * a person's — list it in `keep` if it really is a public line).
 */
function phoneCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const mobile = `(?<![0-9A-Za-z+])(?:(?:[（(]\\+?86[）)]|\\+86|0086|86)[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}${NOT_ALNUM_AFTER}`;
  for (const m of matchesFromEveryStart(text, mobile)) {
    const raw = m[0];
    const start = m.index;
    const digits = raw.replace(/\D/g, "");
    const offset = digits.length - 11; // digits of the country prefix
    out.push({ kind: "phone", start, end: start + raw.length, replacement: maskDigitRange(raw, offset + 3, offset + 7), rank: RANK.phone });
  }
  const landline = `${NOT_ALNUM_BEFORE}(?:(?:[（(](${AREA})[）)][ \\-－]?|(${AREA})[ \\-－—])[1-9]\\d{6,7}|(${AREA})[2-9]\\d{6,7})${NOT_ALNUM_AFTER}`;
  for (const m of matchesFromEveryStart(text, landline)) {
    const raw = m[0];
    const start = m.index;
    if (isPublicPhone(text, start)) continue;
    const area = m[1] ?? m[2] ?? m[3] ?? "";
    out.push({ kind: "phone", start, end: start + raw.length, replacement: maskDigitRange(raw, area.length, Infinity), rank: RANK.phone });
  }
  const local = `${NOT_ALNUM_BEFORE}[2-9]\\d{6,7}${NOT_ALNUM_AFTER}`;
  for (const m of matchesFromEveryStart(text, local)) {
    const start = m.index;
    const before = text.slice(Math.max(0, start - 10), start);
    if (!PHONE_CUE_RE.test(before) || isPublicPhone(text, start)) continue;
    out.push({ kind: "phone", start, end: start + m[0].length, replacement: MASK.repeat(m[0].length), rank: RANK.phone });
  }
  return out;
}

const PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const PLATE_LETTER = "[A-HJ-NP-Z]";
const PLATE_CHAR = "[A-HJ-NP-Z0-9]";

/**
 * Plate numbers (机动车号牌): province abbreviation + authority letter + serial, the serial optionally
 * after a separator dot, space or hyphen. Regular serials have 5 characters (at least 3 digits); new
 * energy serials 6 (D/F + letter-or-digit + 4 digits, or 5 digits + D/F). The province, letter,
 * separator and first serial character stay, the rest is masked: 粤B12345 → 粤B1****,
 * 粤B·12345 → 粤B·1****, 京AD12345 → 京AD*****.
 */
function plateCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const re = new RegExp(
    `([${PLATE_PROVINCES}]${PLATE_LETTER})([·•・ -]?)(${PLATE_CHAR}{5,6})(?![0-9A-Za-z])`,
    "gu",
  );
  for (const m of text.matchAll(re)) {
    const head = (m[1] ?? "") + (m[2] ?? "");
    const serial = m[3] ?? "";
    const digitCount = serial.replace(/\D/g, "").length;
    const regular = serial.length === 5 && digitCount >= 3;
    const newEnergy = serial.length === 6 && (/^[DF][A-HJ-NP-Z0-9]\d{4}$/.test(serial) || /^\d{5}[DF]$/.test(serial));
    if (!regular && !newEnergy) continue;
    const start = m.index;
    out.push({
      kind: "plate",
      start,
      end: start + m[0].length,
      replacement: head + serial.charAt(0) + MASK.repeat(serial.length - 1),
      rank: RANK.plate,
    });
  }
  return out;
}

/** E-mail addresses: the first character of the local part stays, the rest becomes *** (a***@example.com). */
function emailCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const re = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![A-Za-z0-9-])/gu;
  for (const m of text.matchAll(re)) {
    const local = m[1] ?? "";
    const domain = m[2] ?? "";
    out.push({ kind: "email", start: m.index, end: m.index + m[0].length, replacement: `${local.charAt(0)}***@${domain}`, rank: RANK.email });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Detectors: addresses

// Administrative divisions down to the county level: what stays of an address.
const ADMIN_SUFFIX = "(?:特别行政区|自治区|自治州|自治县|自治旗|地区|州市|省|市|州|盟|区|县|旗)";
const ADMIN_SEGMENT_RE = new RegExp(`\\p{Script=Han}{1,10}?${ADMIN_SUFFIX}`, "uy");
// Endings in 区 that are below the district level (小区 is a residential compound, not a district).
const NON_ADMIN_ENDINGS: readonly string[] = [
  "小区", "社区", "园区", "校区", "景区", "厂区", "片区", "街区", "营区", "矿区", "库区", "林区", "商区", "住宅区",
  "生活区", "办公区", "工业区", "服务区", "工业园区", "产业园区", "商业区", "居住区", "辖区",
  "地市", "城市", "门市", "超市", "夜市", "集市", "早市", "上市", "本市", "该市", "全市", "本区", "该区", "全区", "本县",
  "该县", "全县", "全省", "本省", "外省", "外市", "外县", "各省", "各市", "各区", "各县",
];
// Street-level words: a segment that contains one after its first character is not a division
// (中山路东区); first characters are allowed for the real names 路桥区, 镇江市, 乡宁县, 道里区.
const STREET_WORD_CHARS: ReadonlySet<string> = new Set(codePoints("路街巷弄村组号栋幢室楼镇乡道里庄屯院园"));

// Function characters that never occur inside a division name.
// (Not 和 or 为, which occur in 呼和浩特市, 平和县, 无为市.)
const DIVISION_FUNCTION_CHARS: ReadonlySet<string> = new Set(codePoints("的了在于是与及等对将把被从向因未已不无有所其之以并而或即系称该此这那"));

function isAdminSegment(segment: string): boolean {
  if (NON_ADMIN_ENDINGS.some((e) => segment.endsWith(e))) return false;
  const chars = codePoints(segment);
  return !chars.slice(1, -1).some((ch) => STREET_WORD_CHARS.has(ch) || DIVISION_FUNCTION_CHARS.has(ch));
}

/** End of the chain of administrative divisions starting at `pos` (pos when there is none). */
function adminPrefixEnd(text: string, pos: number): number {
  let end = pos;
  for (;;) {
    ADMIN_SEGMENT_RE.lastIndex = end;
    const m = ADMIN_SEGMENT_RE.exec(text);
    if (!m || !isAdminSegment(m[0])) return end;
    end += m[0].length;
  }
}

// Below the district level: named places (街道, 镇, 村, 路, 小区 …) and numbers (18号, 3栋, 502室, 三组).
const STREET_KEYWORDS: readonly string[] = [
  "街道办事处", "街道", "苏木", "居委会", "村委会", "村民委员会", "居民委员会", "社区", "小区", "花园", "公寓", "大厦",
  "广场", "家园", "新村", "大道", "大街", "胡同", "工业园", "产业园", "园区", "商城", "市场", "大楼", "镇", "乡",
  "村", "组", "路", "街", "巷", "弄", "里", "苑", "庄", "屯", "段", "楼",
];
const STREET_CONTENT = "[^\\P{Script=Han}省市区县的了在于是和与及等对将把被从向为因未已不无有所其之以并而或即系称该此这那电话身份证号]";
const NAMED_TOKEN_RE = new RegExp(`${STREET_CONTENT}{0,8}?(?:${alternation(STREET_KEYWORDS)})`, "uy");
const NUMBER_UNITS = "号院|号楼|号铺|号房|号|栋|幢|座|单元|层|楼|室|户|组|队|排|铺|摊位|房|门|期|区";
const NUMBER_TOKEN_RE = new RegExp(
  `(?:[0-9０-９]+(?:[-－—][0-9０-９]+)+(?:${NUMBER_UNITS})?|(?:[0-9０-９]+|[一二三四五六七八九十百零〇两]+|[A-Za-zＡ-Ｚ])(?:${NUMBER_UNITS}))`,
  "uy",
);

interface StreetTail {
  end: number;
  named: number;
  numbers: number;
}

/** The street part of an address starting at `pos` (named places and numbers, in any order). */
function streetTail(text: string, pos: number): StreetTail {
  let end = pos;
  let named = 0;
  let numbers = 0;
  for (let guard = 0; guard < 32; guard += 1) {
    NUMBER_TOKEN_RE.lastIndex = end;
    const num = NUMBER_TOKEN_RE.exec(text);
    if (num && num[0].length > 0) {
      end += num[0].length;
      numbers += 1;
      continue;
    }
    NAMED_TOKEN_RE.lastIndex = end;
    const named1 = NAMED_TOKEN_RE.exec(text);
    if (named1 && named1[0].length > 0) {
      end += named1[0].length;
      named += 1;
      continue;
    }
    break;
  }
  return { end, named, numbers };
}

// Address cues. With a colon the whole run after the division prefix is masked, whatever its shape;
// the bare cues (家住, 现住 …) need an address-shaped run after them.
const ORG_ADDRESS_CUES: readonly string[] = ["生产经营场所", "经营场所", "营业场所", "经营地址", "注册地址", "办公地址", "注册地", "住所"];
const PERSON_ADDRESS_CUES: readonly string[] = [
  "住址", "地址", "户籍地", "户籍所在地", "户籍地址", "居住地", "经常居住地", "现住址", "家庭住址", "联系地址", "送达地址",
  "通讯地址", "现居住地",
];
const ADDRESS_COLON_CUE_RE = new RegExp(`(${alternation([...ORG_ADDRESS_CUES, ...PERSON_ADDRESS_CUES])})[：:][ \\t\\u3000]*`, "gu");
const ADDRESS_BARE_CUE_RE = new RegExp(`(${alternation(["家住", "现住", "住在", "居住在", "居住于", "住于", "户籍地为", "户籍地在", "暂住"])})`, "gu");
// Field labels that end an address run (住址：…18号联系电话：…).
const ADDRESS_STOP_LABELS_RE = new RegExp(
  `^(?:${alternation([
    "联系电话", "电话", "手机", "身份证", "公民身份", "邮编", "邮政编码", "法定代表人", "负责人", "当事人", "经营者",
    "统一社会信用代码", "信用代码", "联系方式", "性别", "民族", "出生", "职务", "职业", "工作单位", "车牌", "邮箱",
    "电子邮箱", "户籍", "证件", "年龄", "文化程度", "联系人", "委托代理人", "营业执照", "注册号", "住址", "住所",
  ])})`,
  "u",
);

/** End of the address run written after an address label: up to punctuation, whitespace or another label. */
function addressRunEnd(text: string, pos: number): number {
  let i = pos;
  const limit = Math.min(text.length, pos + 80);
  while (i < limit) {
    const ch = charAt(text, i);
    if (i > pos && ADDRESS_STOP_LABELS_RE.test(text.slice(i, i + 10))) break;
    if (ch === "（" || ch === "(") {
      // A parenthesised part of the address (示范大厦3楼) — not a new clause (男，…).
      const close = ch === "（" ? "）" : ")";
      const j = text.indexOf(close, i + 1);
      const inner = j < 0 ? "" : text.slice(i + 1, j);
      if (j < 0 || j - i > 24 || /[，,。；;：:\s]/u.test(inner) || inner === "") break;
      i = j + 1;
      continue;
    }
    if (isHan(ch) || /^[0-9０-９A-Za-zＡ-Ｚａ-ｚ\-－—#＃]$/u.test(ch)) {
      i += ch.length;
      continue;
    }
    break;
  }
  return i;
}

/**
 * Addresses: the part down to and including the district/county level (省/自治区/市/州/盟/区/县/旗 …)
 * stays, everything below it (街道, 镇, 村, 组, 路, 号, 小区, 栋, 单元, 室 …) is replaced by {@link ADDRESS_MASK}:
 * 示范市中山区中山路18号3栋502室 → 示范市中山区******. The hit covers only the masked part.
 * Found (1) after an address label with a colon (住址：, 住所：, 地址：, 户籍地： …): the whole run up to
 * punctuation or the next label; (2) after 家住 / 现住 / 住在 / 户籍地为 …: an address-shaped run; (3) without
 * a cue: a division (…区/县/市) directly followed by a street part with a house number (…路…号, …村…组).
 * An address with no division prefix after a label is masked entirely.
 */
function addressCandidates(text: string, options: RedactionOptions, protectedOut: Span[]): Candidate[] {
  const out: Candidate[] = [];
  const push = (start: number, end: number) => {
    if (end > start) out.push({ kind: "address", start, end, replacement: ADDRESS_MASK, rank: RANK.address });
  };
  for (const m of text.matchAll(ADDRESS_COLON_CUE_RE)) {
    const cue = m[1] ?? "";
    const runStart = m.index + m[0].length;
    const runEnd = addressRunEnd(text, runStart);
    if (runEnd <= runStart) continue;
    // A run that runs into a mask (住址：6222****…) is the visible part of an already masked number.
    if (charAt(text, runEnd) === MASK) continue;
    if (options.keepOrganisationAddresses && ORG_ADDRESS_CUES.includes(cue)) {
      protectedOut.push({ start: runStart, end: runEnd });
      continue;
    }
    const tailStart = Math.min(adminPrefixEnd(text, runStart), runEnd);
    // Below the division level an address names a street, village or building: a tail without any
    // Han character (住址：5187 …) is a number, left to the number detectors.
    if (!/\p{Script=Han}/u.test(text.slice(tailStart, runEnd))) continue;
    push(tailStart, runEnd);
  }
  for (const m of text.matchAll(ADDRESS_BARE_CUE_RE)) {
    const runStart = m.index + m[0].length;
    const prefixEnd = adminPrefixEnd(text, runStart);
    const tail = streetTail(text, prefixEnd);
    if (tail.named + tail.numbers > 0) push(prefixEnd, tail.end);
  }
  // Without a cue: after every division suffix, the longest chain of divisions, then a street part
  // with at least one named place and one number.
  const suffixRe = new RegExp(ADMIN_SUFFIX, "gu");
  for (const m of text.matchAll(suffixRe)) {
    const suffixEnd = m.index + m[0].length;
    const segmentStart = Math.max(0, m.index - 2);
    if (!isHan(charBefore(text, m.index))) continue;
    if (!isAdminSegment(text.slice(segmentStart, suffixEnd))) continue;
    const prefixEnd = adminPrefixEnd(text, suffixEnd);
    const tail = streetTail(text, prefixEnd);
    if (tail.named > 0 && tail.numbers > 0) push(prefixEnd, tail.end);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Detectors: names

/** Cues after which an individual's name is written (当事人：张三, 证人王五证实 …). */
const NAME_CUES: readonly string[] = [
  "当事人", "法定代表人", "法人代表", "负责人", "经营者", "实际经营者", "委托代理人", "代理人", "法定代理人", "证人",
  "见证人", "户主", "业主", "投诉人", "举报人", "申请人", "被申请人", "被检查人", "被询问人", "被调查人", "监护人",
  "联系人", "驾驶人", "驾驶员", "车主", "实际控制人", "个体工商户", "受害人", "被害人", "消费者", "股东", "员工",
  "店员", "雇员", "妻子", "丈夫", "儿子", "女儿", "父亲", "母亲", "其妻", "其夫", "之子", "之女", "陪同人员", "在场人",
  "在场人员", "房东", "承租人", "出租人",
];
/** Cues that introduce a name only when followed by a colon (姓名：张三; 户名 is a bank account holder). */
const NAME_COLON_CUES: readonly string[] = ["姓名", "名字", "户名", "开户名", "账户名", "收款人", "被检查人姓名", "当事人姓名"];
const NAME_CUE_RE = new RegExp(`(${alternation([...NAME_CUES, ...NAME_COLON_CUES])})(?:（[^）]{1,6}）)?([：:])?[ \\t\\u3000]*`, "gu");
const NAME_CUE_INSIDE_RE = new RegExp(`(?:${alternation(NAME_CUES)})`, "gu");
const COLON_ONLY: ReadonlySet<string> = new Set(NAME_COLON_CUES);
/** Labels that end a name written after a colon without punctuation (姓名：张三性别：男). */
const NAME_LABELS_RE = new RegExp(
  `(?:${alternation(["性别", "民族", "年龄", "出生", "住址", "住所", "地址", "电话", "手机", "职务", "职业", "身份证", "证件", "工作单位", "联系", "籍贯", "户籍", "文化程度"])})`,
  "u",
);

/** Name characters (Han, separator dots) starting at `pos`, at most `max`. */
function nameRunForward(text: string, pos: number, max = 16): string[] {
  const chars: string[] = [];
  let i = pos;
  while (chars.length < max) {
    const ch = charAt(text, i);
    if (isHan(ch) || (NAME_DOTS.includes(ch) && ch !== "" && chars.length > 0 && isHan(charAt(text, i + ch.length)))) {
      chars.push(ch);
      i += ch.length;
    } else {
      break;
    }
  }
  return chars;
}

/** Name characters ending at `pos` (in reading order), at most `max`; `complete` when the run is not cut. */
function nameRunBackward(text: string, pos: number, max = 16): { chars: string[]; complete: boolean } {
  const chars: string[] = [];
  let i = pos;
  while (chars.length < max) {
    const ch = charBefore(text, i);
    if (isHan(ch) || (ch !== "" && NAME_DOTS.includes(ch) && chars.length > 0 && isHan(charBefore(text, i - ch.length)))) {
      chars.unshift(ch);
      i -= ch.length;
    } else {
      return { chars, complete: true };
    }
  }
  return { chars, complete: !isHan(charBefore(text, i)) };
}

function isFollowerAt(text: string, pos: number): boolean {
  const ch = charAt(text, pos);
  if (ch === "" || !isHan(ch)) return true; // punctuation, digits, end of text
  return FOLLOWER_RE.test(text.slice(pos, pos + 8));
}

/**
 * A name at the start of `run` (written at `pos`) in running text: a surname (compound or single, from
 * the list), one or two given-name characters, then a word that follows names (于, 在, 的, 证实, 陈述 …)
 * or punctuation. The shortest reading that fits wins.
 */
function nameAtStart(text: string, pos: number, run: readonly string[]): string | null {
  const first2 = (run[0] ?? "") + (run[1] ?? "");
  const lengths = COMPOUND_SURNAME_SET.has(first2) && run.length >= 3 ? [3, 4] : SURNAMES.has(run[0] ?? "") ? [2, 3] : [];
  for (const n of lengths) {
    if (n > run.length) break;
    const chars = run.slice(0, n);
    if (!isPlausibleName(chars, true)) continue;
    const after = pos + chars.join("").length;
    if (isFollowerAt(text, after)) return chars.join("");
  }
  return null;
}

/**
 * A name at the END of a run with no cue before it (…王五，男，; …王小明先生): a compound-surname name,
 * a three-character name whose surname is unambiguous, or a two-character one — never a reading that
 * starts with a preposition-like surname followed by another surname (向王 in 向王先生).
 */
function nameAtEnd(run: readonly string[]): string | null {
  for (const n of [4, 3]) {
    if (run.length < n) continue;
    const chars = run.slice(run.length - n);
    if (COMPOUND_SURNAME_SET.has((chars[0] ?? "") + (chars[1] ?? "")) && isPlausibleName(chars, true)) return chars.join("");
  }
  if (run.length >= 3) {
    const chars = run.slice(run.length - 3);
    const first = chars[0] ?? "";
    if (SURNAMES.has(first) && !AMBIGUOUS_SURNAMES.has(first) && isPlausibleName(chars, true)) return chars.join("");
  }
  if (run.length >= 2) {
    const chars = run.slice(run.length - 2);
    const [a = "", b = ""] = chars;
    if (AMBIGUOUS_SURNAMES.has(a) && SURNAMES.has(b)) return null;
    if (isPlausibleName(chars, true)) return chars.join("");
  }
  return null;
}

/** The part of a backward run after the last name cue inside it (其妻王五 → 王五), or null when none. */
function afterLastCue(chars: readonly string[]): string[] | null {
  const s = chars.join("");
  let cut = -1;
  for (const m of s.matchAll(NAME_CUE_INSIDE_RE)) cut = Math.max(cut, m.index + m[0].length);
  if (cut < 0) return null;
  return codePoints(s.slice(cut));
}

/**
 * Unknown individuals' names, from their context in the text:
 * - after a name cue (当事人：, 法定代表人：, 负责人：, 经营者：, 委托代理人：, 证人, 户主, 姓名：, 业主 …): with a colon
 *   and 2–4 characters up to punctuation, any such text that is not a label, role, organisation or
 *   place; otherwise (当事人张三于…) a surname from the list, a given name of one or two characters and a
 *   word that follows names — so 当事人的, 当事人未, 当事人于本机关 yield nothing;
 * - before a gender mark (王五（男，…; 王五，女，…) and before 先生 / 女士 (王五先生; not 张先生, a surname alone).
 * Returns each name with the reason it was found (for the reviewer).
 */
export function detectPersonNames(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const add = (name: string | null, why: string) => {
    if (name && !found.has(name)) found.set(name, why);
  };

  for (const m of text.matchAll(NAME_CUE_RE)) {
    const cue = m[1] ?? "";
    const colon = m[2] !== undefined;
    if (COLON_ONLY.has(cue) && !colon) continue;
    const pos = m.index + m[0].length;
    let run = nameRunForward(text, pos);
    if (run.length === 0) continue;
    let terminated = !isHan(charAt(text, pos + run.join("").length));
    const label = NAME_LABELS_RE.exec(run.join(""));
    if (label && label.index >= 2) {
      run = codePoints(run.join("").slice(0, label.index));
      terminated = true;
    }
    const spaced = /^(\p{Script=Han})[ \u3000](\p{Script=Han})(?!\p{Script=Han})/u.exec(text.slice(pos, pos + 6));
    if (colon && spaced) {
      // A two-character name written with a space between its characters (张\u3000三), as formal documents do.
      const chars = [spaced[1] ?? "", spaced[2] ?? ""];
      if (isPlausibleName(chars, false)) add(chars.join(""), `上下文识别：“${cue}”之后`);
      continue;
    }
    if (colon && terminated && isPlausibleName(run, false)) {
      add(run.join(""), `上下文识别：“${cue}”之后`);
      continue;
    }
    add(nameAtStart(text, pos, run), `上下文识别：“${cue}”之后`);
  }

  const genderRe = /[（(，,][ \t\u3000]*[男女]性?(?=[，,、；;。）)：:\s]|$)/gu;
  for (const m of text.matchAll(genderRe)) {
    const { chars, complete } = nameRunBackward(text, m.index);
    if (chars.length === 0) continue;
    const afterCue = afterLastCue(chars);
    if (afterCue !== null) {
      if (isPlausibleName(afterCue, false)) add(afterCue.join(""), "上下文识别：性别之前");
      else add(nameAtEnd(afterCue), "上下文识别：性别之前");
      continue;
    }
    const whole = complete && isPlausibleName(chars, true) ? chars.join("") : null;
    add(whole ?? nameAtEnd(chars), "上下文识别：性别之前");
  }

  for (const m of text.matchAll(/先生|女士/gu)) {
    const { chars } = nameRunBackward(text, m.index);
    const run = afterLastCue(chars) ?? chars;
    if (run.length < 2) continue; // 张先生: a surname alone is as anonymous as 张某
    add(nameAtEnd(run), "上下文识别：称谓之前");
  }

  for (const name of [...found.keys()]) if (isMasked(name)) found.delete(name);
  return found;
}

/** Occurrences of a known name, also with spaces between its characters (张\u3000三). */
function nameOccurrences(text: string, name: string): Span[] {
  const chars = codePoints(name.replace(/[\s\u3000]+/gu, ""));
  if (chars.length === 0) return [];
  const re = new RegExp(chars.map(escapeRegExp).join("[ \\u3000]?"), "gu");
  return [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

// ---------------------------------------------------------------------------------------------
// Public API

function keepSpans(text: string, keep: readonly string[] | undefined): Span[] {
  return (keep ?? []).filter((k) => k.trim() !== "").flatMap((k) => occurrences(text, k));
}

function normaliseName(name: string): string {
  return name.replace(/[\s\u3000]+/gu, "");
}

function redactWithNames(text: string, options: RedactionOptions, detected: ReadonlyMap<string, string>): { text: string; hits: RedactionHit[] } {
  const keepList = (options.keep ?? []).map((k) => k.trim()).filter((k) => k !== "");
  const protectedSpans: Span[] = [...keepSpans(text, keepList), ...codeProtectedSpans(text)];
  const candidates: Candidate[] = [
    ...idCandidates(text),
    ...bankCardCandidates(text),
    ...phoneCandidates(text),
    ...plateCandidates(text),
    ...emailCandidates(text),
    ...addressCandidates(text, options, protectedSpans),
  ];

  const known = new Set((options.personNames ?? []).map(normaliseName).filter((n) => n !== "" && !isMasked(n)));
  const names = new Map<string, { rank: number; note?: string }>();
  for (const n of known) names.set(n, { rank: RANK.knownName });
  for (const [n, why] of detected) {
    if (!names.has(n) && !keepList.includes(n)) names.set(n, { rank: RANK.detectedName, note: why });
  }
  for (const [name, info] of names) {
    const replacement = maskPersonName(name);
    for (const span of nameOccurrences(text, name)) {
      candidates.push({ kind: "person_name", ...span, replacement, rank: info.rank, ...(info.note ? { note: info.note } : {}) });
    }
  }

  const accepted = resolve(text, candidates, protectedSpans);
  let out = "";
  let cursor = 0;
  const hits: RedactionHit[] = [];
  for (const c of accepted) {
    const original = text.slice(c.start, c.end);
    if (original === c.replacement) continue;
    out += text.slice(cursor, c.start) + c.replacement;
    cursor = c.end;
    hits.push({ kind: c.kind, start: c.start, end: c.end, original, replacement: c.replacement, ...(c.note ? { note: c.note } : {}) });
  }
  out += text.slice(cursor);
  return { text: out, hits };
}

/**
 * Masks the personal data in `text` (R-PUB-05). Returns the masked text and one hit per masked span
 * (offsets in the original text, sorted). Names in `options.personNames` and names detected in the text
 * ({@link detectPersonNames}) are masked at every occurrence; `options.keep` strings stay. Stable and
 * idempotent: redacting the output again changes nothing.
 */
export function redactText(text: string, options: RedactionOptions = {}): { text: string; hits: RedactionHit[] } {
  return redactWithNames(text, options, detectPersonNames(text));
}

/**
 * Applies {@link redactText} to every field with the same options. Names detected in any field are
 * masked in all of them (a party named in the decision text is also masked in a field that holds only
 * the name), and the same person gets the same mask everywhere.
 */
export function redactFields<T extends Record<string, string>>(
  fields: T,
  options: RedactionOptions = {},
): { fields: T; hits: (RedactionHit & { field: keyof T & string })[] } {
  const detected = new Map<string, string>();
  for (const key of Object.keys(fields).sort()) {
    for (const [name, why] of detectPersonNames(fields[key] ?? "")) if (!detected.has(name)) detected.set(name, why);
  }
  const outFields: Record<string, string> = {};
  const hits: (RedactionHit & { field: keyof T & string })[] = [];
  for (const key of Object.keys(fields)) {
    const result = redactWithNames(fields[key] ?? "", options, detected);
    outFields[key] = result.text;
    for (const hit of result.hits) hits.push({ ...hit, field: key as keyof T & string });
  }
  return { fields: outFields as T, hits };
}
