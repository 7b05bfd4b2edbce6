import crypto from "node:crypto";
import { count } from "drizzle-orm";
import { agencyPath, type ActionType, type AgencyLevel, type Role, type UnitKind } from "@zhifa/domain";
import type { Db, Tx } from "../db/client.ts";
import { mutate, systemContext } from "../db/audit.ts";
import { agencies, units } from "../modules/agencies/tables.ts";
import { users } from "../modules/users/tables.ts";
import { hashPassword } from "../modules/auth/passwords.ts";
import { seedDemoLists, type DemoAgency } from "./demo-lists.ts";

/** A fictional province/city (示范省/示范市, region codes 99xxxx, used by no real place). */
interface AgencySpec {
  key: string;
  parent?: string;
  code: string;
  name: string;
  level: AgencyLevel;
  regionCode: string;
  regionName: string;
  actionTypes: ActionType[];
  domain: string;
}

const ALL: ActionType[] = ["permit", "penalty", "coercion", "inspection", "levy", "requisition", "fee", "reward", "confirmation"];
const MARKET: ActionType[] = ["permit", "penalty", "coercion", "inspection", "confirmation"];

const AGENCIES: AgencySpec[] = [
  { key: "prov", code: "SF99", name: "示范省司法厅", level: "province", regionCode: "990000", regionName: "示范省", actionTypes: ["inspection", "confirmation"], domain: "司法行政" },
  { key: "city", parent: "prov", code: "SF9901", name: "示范市司法局", level: "city", regionCode: "990100", regionName: "示范市", actionTypes: ["inspection", "confirmation", "penalty"], domain: "司法行政" },
  { key: "scjg", parent: "city", code: "SJ9901", name: "示范市市场监督管理局", level: "city", regionCode: "990100", regionName: "示范市", actionTypes: MARKET, domain: "市场监管" },
  { key: "sthj", parent: "city", code: "HJ9901", name: "示范市生态环境局", level: "city", regionCode: "990100", regionName: "示范市", actionTypes: ["permit", "penalty", "coercion", "inspection", "levy"], domain: "生态环境" },
  { key: "jtys", parent: "city", code: "JT9901", name: "示范市交通运输局", level: "city", regionCode: "990100", regionName: "示范市", actionTypes: ["permit", "penalty", "coercion", "inspection", "fee"], domain: "交通运输" },
  { key: "cgzf", parent: "city", code: "CG9901", name: "示范市城市管理综合行政执法局", level: "city", regionCode: "990100", regionName: "示范市", actionTypes: ["penalty", "coercion", "inspection", "permit"], domain: "城市管理" },
  { key: "yjgl", parent: "city", code: "YJ9901", name: "示范市应急管理局", level: "city", regionCode: "990100", regionName: "示范市", actionTypes: ["permit", "penalty", "coercion", "inspection", "reward"], domain: "应急管理" },
  { key: "zrzy", parent: "city", code: "ZR9901", name: "示范市自然资源和规划局", level: "city", regionCode: "990100", regionName: "示范市", actionTypes: ALL, domain: "自然资源" },
  { key: "dc", parent: "city", code: "SF990102", name: "示范市东城区司法局", level: "county", regionCode: "990102", regionName: "东城区", actionTypes: ["inspection", "confirmation"], domain: "司法行政" },
  { key: "dcsj", parent: "dc", code: "SJ990102", name: "示范市东城区市场监督管理局", level: "county", regionCode: "990102", regionName: "东城区", actionTypes: MARKET, domain: "市场监管" },
  { key: "dccg", parent: "dc", code: "CG990102", name: "示范市东城区城市管理综合行政执法局", level: "county", regionCode: "990102", regionName: "东城区", actionTypes: ["penalty", "coercion", "inspection"], domain: "城市管理" },
  { key: "dhjd", parent: "dc", code: "JD990102001", name: "东城区东华街道办事处", level: "township", regionCode: "990102", regionName: "东城区东华街道", actionTypes: ["penalty", "inspection", "coercion"], domain: "综合执法" },
  { key: "xc", parent: "city", code: "SF990103", name: "示范市西城区司法局", level: "county", regionCode: "990103", regionName: "西城区", actionTypes: ["inspection", "confirmation"], domain: "司法行政" },
  { key: "xcsj", parent: "xc", code: "SJ990103", name: "示范市西城区市场监督管理局", level: "county", regionCode: "990103", regionName: "西城区", actionTypes: MARKET, domain: "市场监管" },
  { key: "xchj", parent: "xc", code: "HJ990103", name: "示范市生态环境局西城分局", level: "county", regionCode: "990103", regionName: "西城区", actionTypes: ["penalty", "coercion", "inspection"], domain: "生态环境" },
  { key: "cgz", parent: "xc", code: "ZF990103101", name: "西城区城关镇人民政府", level: "township", regionCode: "990103", regionName: "西城区城关镇", actionTypes: ["penalty", "inspection", "permit"], domain: "综合执法" },
];

const UNITS: { name: string; kind: UnitKind }[] = [
  { name: "法制科", kind: "legal" },
  { name: "执法一科", kind: "case" },
  { name: "执法二科", kind: "case" },
  { name: "办公室", kind: "office" },
];

export const DEMO_PASSWORD = "zhifa2026demo";

/** One demo user of each role ("Who uses it"), printed by `npm start`. */
export const DEMO_LOGINS: { username: string; password: string; displayName: string; role: string; roles: Role[]; agency: string; unit?: string }[] = [
  { username: "admin", displayName: "系统管理员", role: "系统管理员", roles: ["admin"], agency: "prov", password: DEMO_PASSWORD },
  { username: "jiandu", displayName: "周监督", role: "执法监督", roles: ["supervisor"], agency: "city", password: DEMO_PASSWORD },
  { username: "zhifa", displayName: "李执法", role: "执法人员", roles: ["officer"], agency: "scjg", unit: "执法一科", password: DEMO_PASSWORD },
  { username: "chengban", displayName: "王承办", role: "承办负责人", roles: ["unit_lead", "officer"], agency: "scjg", unit: "执法一科", password: DEMO_PASSWORD },
  { username: "fazhi", displayName: "赵法制", role: "法制审核", roles: ["legal_reviewer"], agency: "scjg", unit: "法制科", password: DEMO_PASSWORD },
  { username: "fuzeren", displayName: "孙局长", role: "机关负责人", roles: ["agency_head"], agency: "scjg", password: DEMO_PASSWORD },
  { username: "gongshi", displayName: "钱公示", role: "公示审核", roles: ["publicity_reviewer"], agency: "scjg", unit: "办公室", password: DEMO_PASSWORD },
  { username: "scjg_admin", displayName: "吴管理", role: "主体管理员", roles: ["admin"], agency: "scjg", unit: "办公室", password: DEMO_PASSWORD },
];

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(agencies);
  return (row?.n ?? 0) === 0;
}

/** Loads the demo data (示范市) in one transaction; `npm start` runs it on an empty database. */
export async function seedDemo(db: Db, options: { officersPerAgency?: number; powerItems?: number } = {}): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await mutate(db, systemContext("seed", "seed.demo"), async (tx) => {
    const byKey = await insertAgencies(tx);
    const unitIds = new Map<string, string>();
    for (const agency of byKey.values()) {
      const rows = await tx.insert(units).values(UNITS.map((u) => ({ agencyId: agency.id, name: u.name, kind: u.kind }))).returning();
      for (const r of rows) unitIds.set(`${agency.key}/${r.name}`, r.id);
    }
    for (const login of DEMO_LOGINS) {
      const agency = byKey.get(login.agency)!;
      await tx.insert(users).values({
        agencyId: agency.id,
        unitId: login.unit ? (unitIds.get(`${login.agency}/${login.unit}`) ?? null) : null,
        username: login.username,
        displayName: login.displayName,
        roles: login.roles,
        passwordHash,
      });
    }
    await seedDemoLists(tx, [...byKey.values()], options);
  });
}

async function insertAgencies(tx: Tx): Promise<Map<string, DemoAgency>> {
  const byKey = new Map<string, DemoAgency>();
  for (const spec of AGENCIES) {
    const parent = spec.parent ? byKey.get(spec.parent)! : null;
    const id = crypto.randomUUID();
    const path = agencyPath(parent?.path ?? null, id);
    await tx.insert(agencies).values({
      id,
      code: spec.code,
      name: spec.name,
      parentId: parent?.id ?? null,
      path,
      level: spec.level,
      regionCode: spec.regionCode,
      regionName: spec.regionName,
      actionTypes: spec.actionTypes,
      legalBasis: `《${spec.domain === "司法行政" ? "示范省行政执法监督条例" : `中华人民共和国${spec.domain === "市场监管" ? "行政处罚法" : "行政许可法"}`}》及相关法律、法规、规章`,
      nature: spec.level === "township" ? "法律法规授权组织" : "法定行政机关",
      address: `${spec.regionName}人民路 ${100 + byKey.size} 号`,
      phone: `0999-${String(81000000 + byKey.size * 1371).slice(0, 8)}`,
    });
    byKey.set(spec.key, { key: spec.key, id, path, level: spec.level, regionCode: spec.regionCode, name: spec.name, actionTypes: spec.actionTypes, domain: spec.domain });
  }
  return byKey;
}
