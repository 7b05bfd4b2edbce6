/**
 * What the public portal reads (R-PUB-01, R-PUB-02). Every query selects the public fields
 * explicitly: an officer's login account, gender or anything added to the table later never
 * leaves the server through the portal. Writes: none.
 */
import { and, asc, count, eq, ilike, or, type SQL } from "drizzle-orm";
import { AGENCY_LEVELS, mayAct, type ActionType, type AgencyLevel, type CertificateStatus } from "@zhifa/domain";
import type { Db } from "../../db/client.ts";
import type { Actor } from "../../core/policy.ts";
import { agencies, units } from "../agencies/tables.ts";
import { officerList, officers } from "../lists/defs/officers.ts";
import { listRowsAsOf, tableRowsAsOf } from "../lists/history.ts";
import { toQualification } from "../officers/service.ts";
import { powerItems } from "../powers/tables.ts";
import { validOn } from "../powers/service.ts";
import type { Ledger } from "../ledger/service.ts";

/**
 * The public (公众) as the list and power services see a reader: every agency's rows (a path
 * prefix matching the whole tree). Used only for the portal's read-only queries, whose results
 * the portal's pages then reduce to the public fields.
 */
export const PUBLIC_READER: Actor = Object.freeze({
  id: "",
  username: "",
  displayName: "公众",
  roles: ["supervisor"],
  agencyId: "",
  agencyPath: "/",
  atRoot: true,
}) as Actor;

// ------------------------------------------------------------------ officers (R-LIST-02, R-PUB-02)

/** The officer fields that are public (R-LIST-02): no login account, no personal data. */
const publicOfficer = {
  name: officers.name,
  unitName: officers.unitName,
  post: officers.post,
  certNumber: officers.certNumber,
  categories: officers.categories,
  regionCodes: officers.regionCodes,
  validFrom: officers.validFrom,
  validTo: officers.validTo,
  certStatus: officers.certStatus,
  issuer: officers.issuer,
  active: officers.active,
  agencyId: officers.agencyId,
  agencyName: agencies.name,
  agencyPhone: agencies.phone,
};

export interface PublicOfficer {
  name: string;
  unitName: string | null;
  post: string | null;
  certNumber: string;
  categories: ActionType[];
  regionCodes: string[];
  validFrom: string;
  validTo: string;
  certStatus: CertificateStatus;
  issuer: string | null;
  active: boolean;
  agencyId: string;
  agencyName: string;
  agencyPhone: string;
}

const likeTerm = (text: string) => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** Officers by name or 执法证号 (and agency), a page at a time, ordered by agency and number. */
export async function searchOfficers(db: Db, q: { q?: string; agencyId?: string; page: number; pageSize: number }): Promise<{ items: PublicOfficer[]; total: number }> {
  const conditions: (SQL | undefined)[] = [];
  if (q.agencyId) conditions.push(eq(officers.agencyId, q.agencyId));
  if (q.q) conditions.push(or(ilike(officers.name, likeTerm(q.q)), ilike(officers.certNumber, likeTerm(q.q))));
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    db
      .select(publicOfficer)
      .from(officers)
      .innerJoin(agencies, eq(agencies.id, officers.agencyId))
      .where(where)
      .orderBy(asc(agencies.path), asc(officers.certNumber))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(officers).where(where),
  ]);
  return { items: items as PublicOfficer[], total: total?.n ?? 0 };
}

/**
 * The officers as they stood at the end of a Beijing day (R-PUB-01: each list as it stood on a
 * past date), rebuilt from the audit trail of the officer list (`lists/history.ts`).
 */
export async function officersAsOf(db: Db, at: Date, q: { q?: string; agencyId?: string; page: number; pageSize: number }, agencyList: readonly PublicAgency[]): Promise<{ items: PublicOfficer[]; total: number }> {
  const byId = new Map(agencyList.map((a) => [a.id, a]));
  const { items, total } = await listRowsAsOf(db, officerList, at, q, byId);
  return {
    total,
    items: items.map((r) => ({
      name: String(r.name),
      unitName: (r.unitName as string | null) ?? null,
      post: (r.post as string | null) ?? null,
      certNumber: String(r.certNumber),
      categories: (r.categories as PublicOfficer["categories"]) ?? [],
      regionCodes: (r.regionCodes as string[]) ?? [],
      validFrom: String(r.validFrom),
      validTo: String(r.validTo),
      certStatus: r.certStatus as PublicOfficer["certStatus"],
      issuer: (r.issuer as string | null) ?? null,
      active: r.active === true,
      agencyId: r.agencyId,
      agencyName: r.agencyName,
      agencyPhone: byId.get(r.agencyId)?.phone ?? "",
    })),
  };
}

/** One officer by 执法证号 (unique in the deployment); null when there is none. */
export async function officerByCertificate(db: Db, certNumber: string): Promise<PublicOfficer | null> {
  const [row] = await db.select(publicOfficer).from(officers).innerJoin(agencies, eq(agencies.id, officers.agencyId)).where(eq(officers.certNumber, certNumber)).limit(1);
  return (row as PublicOfficer | undefined) ?? null;
}

export type StandingKey = "valid" | "expired" | "not_yet_valid" | "revoked" | "suspended" | "lost" | "inactive" | "incomplete";

/** A certificate's standing on a day, as the public reads it (R-PUB-02). */
export interface Standing {
  key: StandingKey;
  /** The big word: 有效 / 已过期 / 已吊销 … */
  word: string;
  /** Colour group: valid, expired (dates), withdrawn (status or person). */
  tone: "valid" | "expired" | "withdrawn";
  /** One sentence for the public. */
  detail: string;
}

/**
 * R-PUB-02, R-LIST-11: is the certificate valid on `day` (Asia/Shanghai)? The domain rule
 * `mayAct` decides, on the certificate alone: the officer on duty, the certificate's status,
 * and `day` within its validity (checked for the certificate's own first category and region,
 * so only those three can fail). Training hours and the annual check are internal duties of
 * the agency and are not part of the public verification.
 */
export function standingOn(o: PublicOfficer, day: string): Standing {
  const qualification = toQualification({ ...o, id: o.certNumber, agencyPath: "", username: null }, []);
  const category = o.categories[0];
  const region = o.regionCodes[0];
  if (o.active && (!category || !region)) return { key: "incomplete", word: "无效", tone: "withdrawn", detail: "证件未载明执法类别或执法区域，持证人不得从事执法活动。" };
  const result = mayAct(qualification, category ?? "inspection", region ?? "", day);
  if (result.ok) return { key: "valid", word: "有效", tone: "valid", detail: `该执法证件在 ${day} 有效，持证人可在证件载明的执法类别和执法区域内从事执法活动。` };
  switch (result.code) {
    case "officer_inactive":
      return { key: "inactive", word: "已注销", tone: "withdrawn", detail: "持证人已不在执法岗位（调离、退休或停止执行职务），该证件不得再使用。" };
    case "certificate_revoked":
      return { key: "revoked", word: "已吊销", tone: "withdrawn", detail: "该执法证件已被吊销，持证人不得从事执法活动。" };
    case "certificate_suspended":
      return { key: "suspended", word: "已暂扣", tone: "withdrawn", detail: "该执法证件已被暂扣，暂扣期间持证人不得从事执法活动。" };
    case "certificate_lost":
      return { key: "lost", word: "已挂失", tone: "withdrawn", detail: "该执法证件已挂失，出示此证件的人员不得从事执法活动。" };
    case "certificate_expired":
      return { key: "expired", word: "已过期", tone: "expired", detail: `该执法证件已于 ${o.validTo} 到期，持证人不得从事执法活动。` };
    case "certificate_not_yet_valid":
      return { key: "not_yet_valid", word: "尚未生效", tone: "expired", detail: `该执法证件自 ${o.validFrom} 起生效，此前持证人不得从事执法活动。` };
    default:
      return { key: "incomplete", word: "无效", tone: "withdrawn", detail: "该执法证件不符合执法资格要求，持证人不得从事执法活动。" };
  }
}

// ------------------------------------------------------------------ agencies (R-LIST-01)

/** The agency fields that are public (R-LIST-01: name, basis, level, region, contact). */
const publicAgency = {
  id: agencies.id,
  name: agencies.name,
  parentId: agencies.parentId,
  path: agencies.path,
  level: agencies.level,
  regionCode: agencies.regionCode,
  regionName: agencies.regionName,
  actionTypes: agencies.actionTypes,
  legalBasis: agencies.legalBasis,
  nature: agencies.nature,
  socialCreditCode: agencies.socialCreditCode,
  address: agencies.address,
  phone: agencies.phone,
  active: agencies.active,
};

export interface PublicAgency {
  id: string;
  name: string;
  parentId: string | null;
  /** Tree order only; not shown. */
  path: string;
  level: AgencyLevel;
  regionCode: string;
  regionName: string;
  actionTypes: ActionType[];
  legalBasis: string;
  nature: string;
  socialCreditCode: string | null;
  address: string;
  phone: string;
  active: boolean;
}

/** Every agency, in tree order (materialised path). */
export async function allAgencies(db: Db): Promise<PublicAgency[]> {
  return (await db.select(publicAgency).from(agencies).orderBy(asc(agencies.path))) as PublicAgency[];
}

/** The agencies as they stood at `at` (R-PUB-01), rebuilt from the audit trail, in tree order. */
export async function agenciesAsOf(db: Db, at: Date): Promise<PublicAgency[]> {
  const found = await tableRowsAsOf(db, agencies, at);
  return found
    .map((a) => Object.fromEntries(Object.keys(publicAgency).map((k) => [k, a[k as keyof typeof a]])) as unknown as PublicAgency)
    .sort((x, y) => x.path.localeCompare(y.path));
}

export async function agencyById(db: Db, id: string): Promise<PublicAgency | null> {
  const [row] = await db.select(publicAgency).from(agencies).where(eq(agencies.id, id));
  return (row as PublicAgency | undefined) ?? null;
}

export async function unitsOf(db: Db, agencyId: string): Promise<{ name: string; kind: string }[]> {
  return db.select({ name: units.name, kind: units.kind }).from(units).where(eq(units.agencyId, agencyId)).orderBy(asc(units.name));
}

/**
 * Names of 行政区划代码 as the agencies record them; where several agencies share a code the
 * highest level's name is kept (东城区 rather than 东城区东华街道).
 */
export function regionNames(list: readonly PublicAgency[]): Map<string, string> {
  const names = new Map<string, string>();
  const sorted = [...list].sort((a, b) => AGENCY_LEVELS.indexOf(a.level) - AGENCY_LEVELS.indexOf(b.level));
  for (const a of sorted) if (!names.has(a.regionCode)) names.set(a.regionCode, a.regionName);
  return names;
}

// ------------------------------------------------------------------ home

export interface PortalCounts {
  agencies: number;
  officers: number;
  powers: number;
}

export async function portalCounts(db: Db, day: string): Promise<PortalCounts> {
  const [[a], [o], [p]] = await Promise.all([
    db.select({ n: count() }).from(agencies).where(eq(agencies.active, true)),
    db.select({ n: count() }).from(officers).where(eq(officers.active, true)),
    db.select({ n: count() }).from(powerItems).where(validOn(day)),
  ]);
  return { agencies: a?.n ?? 0, officers: o?.n ?? 0, powers: p?.n ?? 0 };
}

/** The ledger's latest signed checkpoint (R-REC-02, R-REC-10), as stored. */
export async function latestCheckpoint(ledger: Ledger): Promise<{ size: number; rootHex: string; rootBase64: string; createdAt: Date } | null> {
  const cp = await ledger.latestCheckpoint();
  if (!cp) return null;
  const root = Buffer.from(cp.root);
  return { size: cp.size, rootHex: root.toString("hex"), rootBase64: root.toString("base64"), createdAt: cp.createdAt };
}
