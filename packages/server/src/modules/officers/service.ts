import { and, asc, eq, getTableName, inArray } from "drizzle-orm";
import {
  checkTeam,
  mayAct,
  type ActionType,
  type CertificateStatus,
  type MayActResult,
  type OfficerQualification,
  type QualificationPolicy,
  type TeamCheckResult,
} from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { cachedRead } from "../../db/notified-cache.ts";
import { errors } from "../../core/errors.ts";
import type { Owned } from "../../core/policy.ts";
import { agencies } from "../agencies/tables.ts";
import { officers } from "../lists/defs/officers.ts";
import { officerAnnualRecords } from "../lists/defs/officer-annual-records.ts";
import { isUuid } from "../../core/schemas.ts";

/**
 * The deployment's qualification policy (R-LIST-11) until it is read from the configuration.
 *
 * - `minTrainingHours: 40` — 河北 requires ≥40 学时 of training per officer per year; an
 *   officer who held a certificate last year and has fewer hours on record for that year
 *   (none recorded counts as 0) may not act. Enforced by default because the requirement
 *   lists it with the certificate itself and the training record is kept in this system.
 * - `requireAnnualCheck: false` — many provinces no longer hold a yearly 年检 of the
 *   certificate, so a missing or pending check is reported (qualification report) but does
 *   not block; a deployment whose province keeps 年检 turns it on.
 */
export const DEFAULT_QUALIFICATION_POLICY: Readonly<Required<QualificationPolicy>> = Object.freeze({ minTrainingHours: 40, requireAnnualCheck: false });

/** The officer row as the qualification rules and routes need it. */
export interface OfficerRecord {
  id: string;
  agencyId: string;
  agencyPath: string;
  agencyName: string;
  name: string;
  unitName: string | null;
  certNumber: string;
  categories: ActionType[];
  regionCodes: string[];
  validFrom: string;
  validTo: string;
  certStatus: CertificateStatus;
  active: boolean;
  username: string | null;
}

export interface AnnualRecord {
  certNumber: string;
  year: number;
  trainingHours: number;
  annualCheck: "passed" | "failed" | "pending";
}

const officerSelection = {
  id: officers.id,
  agencyId: officers.agencyId,
  agencyPath: agencies.path,
  agencyName: agencies.name,
  name: officers.name,
  unitName: officers.unitName,
  certNumber: officers.certNumber,
  categories: officers.categories,
  regionCodes: officers.regionCodes,
  validFrom: officers.validFrom,
  validTo: officers.validTo,
  certStatus: officers.certStatus,
  active: officers.active,
  username: officers.username,
};


export function ownedOfficer(o: OfficerRecord): Owned {
  return { agencyId: o.agencyId, agencyPath: o.agencyPath };
}

/** Officers by id (unknown ids are simply absent). */
export async function getOfficers(db: Db | Tx, ids: readonly string[]): Promise<Map<string, OfficerRecord>> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select(officerSelection).from(officers).innerJoin(agencies, eq(agencies.id, officers.agencyId)).where(inArray(officers.id, wanted));
  return new Map(rows.map((r) => [r.id, r as OfficerRecord]));
}

/** One officer, or not_found. */
export async function getOfficer(db: Db | Tx, id: string): Promise<OfficerRecord> {
  const row = (await getOfficers(db, [id])).get(id);
  if (!row) throw errors.notFound("执法人员");
  return row;
}

/** The officer row linked to a login (users.username), for case handling; null if none. */
export async function findOfficerByUsername(db: Db | Tx, username: string): Promise<OfficerRecord | null> {
  const [row] = await db.select(officerSelection).from(officers).innerJoin(agencies, eq(agencies.id, officers.agencyId)).where(eq(officers.username, username)).limit(1);
  return (row as OfficerRecord | undefined) ?? null;
}

/** Training and annual-check records of these officers (matched by agency + 执法证号). */
export async function annualRecordsOf(db: Db | Tx, list: readonly OfficerRecord[]): Promise<Map<string, AnnualRecord[]>> {
  const out = new Map<string, AnnualRecord[]>(list.map((o) => [o.id, []]));
  if (list.length === 0) return out;
  const byKey = new Map(list.map((o) => [`${o.agencyId}|${o.certNumber}`, o.id]));
  const agencyIds = [...new Set(list.map((o) => o.agencyId))];
  const certs = [...new Set(list.map((o) => o.certNumber))];
  const rows = await db
    .select({
      agencyId: officerAnnualRecords.agencyId,
      certNumber: officerAnnualRecords.certNumber,
      year: officerAnnualRecords.year,
      trainingHours: officerAnnualRecords.trainingHours,
      annualCheck: officerAnnualRecords.annualCheck,
    })
    .from(officerAnnualRecords)
    .where(and(inArray(officerAnnualRecords.agencyId, agencyIds), inArray(officerAnnualRecords.certNumber, certs)))
    .orderBy(asc(officerAnnualRecords.year));
  for (const r of rows) {
    const id = byKey.get(`${r.agencyId}|${r.certNumber}`);
    if (id) out.get(id)!.push({ certNumber: r.certNumber, year: r.year, trainingHours: r.trainingHours, annualCheck: r.annualCheck as AnnualRecord["annualCheck"] });
  }
  return out;
}

/**
 * The domain's view of an officer (R-LIST-11): the row's certificate, and per year the
 * training hours and the annual check. A "pending" (未年检) record is no check at all, so
 * it reads as missing.
 */
export function toQualification(officer: OfficerRecord, records: readonly AnnualRecord[]): OfficerQualification {
  return {
    officerId: officer.id,
    name: officer.name,
    active: officer.active,
    certificates: [
      {
        number: officer.certNumber,
        categories: officer.categories,
        regionCodes: officer.regionCodes,
        validFrom: officer.validFrom,
        validTo: officer.validTo,
        status: officer.certStatus,
      },
    ],
    annualChecks: records.filter((r) => r.annualCheck !== "pending").map((r) => ({ year: r.year, passed: r.annualCheck === "passed" })),
    trainingHours: records.map((r) => ({ year: r.year, hours: r.trainingHours })),
  };
}

/** Loads an officer's qualification; not_found for an unknown id. */
export async function loadQualification(db: Db | Tx, officerId: string): Promise<OfficerQualification> {
  const officer = await getOfficer(db, officerId);
  const records = await annualRecordsOf(db, [officer]);
  return toQualification(officer, records.get(officer.id) ?? []);
}

/**
 * Qualifications of several officers, in input order (duplicates kept, so `checkTeam` can
 * report them); not_found when an id is unknown.
 */
/**
 * The qualification facts of these officers, in the order given. The gates ask for them on every
 * case request, so each process keeps them until the officers, agencies or annual records change
 * (decision 003); the result is shared and must not be modified.
 */
export async function loadQualifications(db: Db | Tx, officerIds: readonly string[]): Promise<OfficerQualification[]> {
  return cachedRead(db, "officers.qualifications", officerIds.join(","), QUALIFICATION_TABLES, async () => {
    const found = await getOfficers(db, officerIds);
    for (const id of officerIds) if (!found.has(id)) throw errors.notFound("执法人员");
    const records = await annualRecordsOf(db, [...found.values()]);
    return officerIds.map((id) => toQualification(found.get(id)!, records.get(id) ?? []));
  });
}
const QUALIFICATION_TABLES = [getTableName(officers), getTableName(agencies), getTableName(officerAnnualRecords)];

/** R-LIST-11: may this officer act in `actionType` in `regionCode` on `date` (YYYY-MM-DD)? */
export async function mayActFor(
  db: Db | Tx,
  officerId: string,
  actionType: ActionType,
  regionCode: string,
  date: string,
  policy: QualificationPolicy = DEFAULT_QUALIFICATION_POLICY,
): Promise<MayActResult> {
  return mayAct(await loadQualification(db, officerId), actionType, regionCode, date, policy);
}

/** R-CASE-03: at least two officers, each qualified for the case's category and region. */
export async function checkTeamFor(
  db: Db | Tx,
  officerIds: readonly string[],
  actionType: ActionType,
  regionCode: string,
  date: string,
  policy: QualificationPolicy = DEFAULT_QUALIFICATION_POLICY,
): Promise<TeamCheckResult> {
  return checkTeam(await loadQualifications(db, officerIds), actionType, regionCode, date, policy);
}

/** Active officers of one agency (for the qualification report). */
export async function activeOfficersOf(db: Db | Tx, agencyId: string): Promise<OfficerRecord[]> {
  const rows = await db
    .select(officerSelection)
    .from(officers)
    .innerJoin(agencies, eq(agencies.id, officers.agencyId))
    .where(and(eq(officers.agencyId, agencyId), eq(officers.active, true)))
    .orderBy(asc(officers.certNumber));
  return rows as OfficerRecord[];
}
