import { eq } from "drizzle-orm";
import type { MajorScope } from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { has, Policy } from "../../core/policy.ts";
import { settings } from "./tables.ts";

/** Deployment-wide settings are changed only by an administrator at a root agency. */
export const settingsPolicy = new Policy<null, "read" | "update">("settings", {
  read: () => true,
  update: (a) => a.atRoot && has(a, "admin"),
});

export async function getSetting(db: Db | Tx, key: string): Promise<unknown> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value;
}

export async function putSetting(db: Db, ctx: AuditContext, key: string, value: unknown): Promise<void> {
  await mutate(db, ctx, (tx) =>
    tx
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } }),
  );
}

/** R-REV-01: 河北 extends legal review to every general-procedure penalty decision. */
export const MAJOR_ALL_GENERAL_PROCEDURE_PENALTIES = "major.allGeneralProcedurePenalties";

/** The deployment's widening of the legal-review scope (off unless set). */
export async function getMajorScope(db: Db | Tx): Promise<Required<MajorScope>> {
  return { allGeneralProcedurePenalties: (await getSetting(db, MAJOR_ALL_GENERAL_PROCEDURE_PENALTIES)) === true };
}

export async function putMajorScope(db: Db, ctx: AuditContext, scope: Required<MajorScope>): Promise<void> {
  await putSetting(db, ctx, MAJOR_ALL_GENERAL_PROCEDURE_PENALTIES, scope.allGeneralProcedurePenalties);
}
