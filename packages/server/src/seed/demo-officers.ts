import { ACTION_TYPES, addCalendarDays, todayInShanghai, type ActionType, type AgencyLevel, type CertificateStatus } from "@zhifa/domain";
import type { Tx } from "../db/client.ts";
import { officers } from "../modules/lists/defs/officers.ts";
import { officerAnnualRecords, type AnnualCheck } from "../modules/lists/defs/officer-annual-records.ts";
import type { DemoAgency } from "./demo-lists.ts";

/**
 * Demo 执法人员清单 and 培训与年检记录 (R-LIST-02, R-LIST-11): ~300 fictional officers of the
 * 示范市 agencies. Every random choice comes from a seeded generator, so the rows are the same
 * on every run; validity dates are placed around the current year so the demo stays current.
 * About 5 % of certificates are expired, 3 % suspended/revoked, a few cover a category their
 * agency does not exercise, and a few officers missed last year's 40 学时 or 年检.
 */

/** Officers per agency level when the caller does not fix a number per agency. */
const PER_LEVEL: Record<AgencyLevel, number> = { province: 10, city: 24, county: 18, township: 8 };

/** Demo logins that act in cases: linked to officers of 示范市市场监督管理局 with valid certificates. */
const LINKED_LOGINS: { username: string; name: string; gender: "male" | "female"; post: string }[] = [
  { username: "zhifa", name: "李执法", gender: "male", post: "执法队员" },
  { username: "chengban", name: "王承办", gender: "male", post: "科长" },
];
const LINKED_AGENCY = "scjg";

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN_MALE = ["伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "建国", "建华", "志强", "海涛", "俊杰", "文博", "宇航", "子轩", "晓东", "国庆", "春生", "立新", "永刚", "振华", "鹏飞", "浩然", "建军", "德胜", "卫东", "少华"];
const GIVEN_FEMALE = ["芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "婷", "雪", "秀英", "桂兰", "玉兰", "晓燕", "丽娟", "雅琪", "欣怡", "梦瑶", "慧敏", "佳怡", "春梅", "海燕", "红霞", "淑华", "晓红", "思雨", "诗涵", "雨婷", "美玲", "文静"];
const UNITS = ["执法一科", "执法二科", "执法三科", "稽查支队", "综合执法大队", "法制科", "行政许可科", "监督检查科"];
const POSTS = ["科员", "科员", "科员", "执法队员", "执法队员", "副科长", "科长", "四级主任科员", "三级主任科员", "一级科员"];

/** mulberry32: small, fast, seeded. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, int, pick };
}

type OfficerInsert = typeof officers.$inferInsert;
type RecordInsert = typeof officerAnnualRecords.$inferInsert;

async function insertBatched<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

export async function seedDemoOfficers(tx: Tx, agencies: DemoAgency[], options: { officersPerAgency?: number; today?: string } = {}): Promise<void> {
  const rnd = generator(20260101);
  const today = options.today ?? todayInShanghai(new Date());
  const year = Number(today.slice(0, 4));
  const officerRows: OfficerInsert[] = [];
  const recordRows: RecordInsert[] = [];
  const usedNames = new Set<string>();

  for (const agency of agencies) {
    const count = options.officersPerAgency ?? PER_LEVEL[agency.level];
    const linked = agency.key === LINKED_AGENCY ? LINKED_LOGINS : [];
    const own = agency.actionTypes.length > 0 ? agency.actionTypes : (["inspection"] as ActionType[]);
    const foreign = ACTION_TYPES.filter((t) => !own.includes(t));
    for (let seq = 1; seq <= count; seq++) {
      const login = linked[seq - 1];
      const gender = login?.gender ?? (rnd.next() < 0.62 ? "male" : "female");
      let name = login?.name ?? "";
      while (!name || usedNames.has(`${agency.key}/${name}`)) name = rnd.pick([...SURNAMES]) + rnd.pick(gender === "male" ? GIVEN_MALE : GIVEN_FEMALE);
      usedNames.add(`${agency.key}/${name}`);

      // 执法类别: a non-empty subset of the agency's action types; rarely one it does not have.
      let categories = own.filter(() => rnd.next() < 0.6);
      if (categories.length === 0) categories = [rnd.pick(own)];
      if (!login && foreign.length > 0 && rnd.next() < 0.03) categories = [...categories, rnd.pick(foreign)];
      if (login) categories = [...own];

      // Validity: certificates run five years (2–5 left now); ≈5 % expired, some expiring soon.
      const roll = rnd.next();
      let validTo: string;
      if (login) validTo = `${year + 3}-12-31`;
      else if (roll < 0.06) validTo = addCalendarDays(today, -rnd.int(10, 400));
      else if (roll < 0.11) validTo = addCalendarDays(today, rnd.int(5, 85));
      else validTo = addCalendarDays(today, rnd.int(120, 1700));
      const validFrom = `${Number(validTo.slice(0, 4)) - 5}-${validTo.slice(5, 10) === "02-29" ? "02-28" : validTo.slice(5, 10)}`;

      const s = rnd.next();
      const certStatus: CertificateStatus = login ? "valid" : s < 0.02 ? "suspended" : s < 0.03 ? "revoked" : s < 0.035 ? "lost" : "valid";
      const certNumber = `99${agency.regionCode}${String(officerRows.length + 1).padStart(5, "0")}`;
      officerRows.push({
        agencyId: agency.id,
        name,
        gender,
        unitName: login ? "执法一科" : rnd.pick(UNITS),
        post: login?.post ?? rnd.pick(POSTS),
        certNumber,
        categories,
        regionCodes: [agency.regionCode],
        validFrom,
        validTo,
        certStatus,
        issuer: agency.level === "province" ? "示范省人民政府" : "示范市人民政府",
        active: login ? true : rnd.next() > 0.02,
        username: login?.username ?? null,
      });

      // Last year's training and 年检 (only for officers certified by then): a few fall short.
      if (validFrom <= `${year - 1}-12-31`) {
        const t = rnd.next();
        const hours = login ? 48 : t < 0.05 ? rnd.int(8, 36) : rnd.int(40, 72);
        const c = rnd.next();
        const annualCheck: AnnualCheck = login ? "passed" : c < 0.03 ? "failed" : c < 0.06 ? "pending" : "passed";
        recordRows.push({ agencyId: agency.id, certNumber, year: year - 1, trainingHours: hours, annualCheck, note: annualCheck === "failed" ? "年度考核不合格" : null });
        if (rnd.next() < 0.5 && validFrom <= `${year - 2}-12-31`) {
          recordRows.push({ agencyId: agency.id, certNumber, year: year - 2, trainingHours: rnd.int(40, 64), annualCheck: "passed", note: null });
        }
      }
    }
  }
  await insertBatched(officerRows, (batch) => tx.insert(officers).values(batch));
  await insertBatched(recordRows, (batch) => tx.insert(officerAnnualRecords).values(batch));
}
