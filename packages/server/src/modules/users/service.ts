import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { errors } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { has } from "../../core/policy.ts";
import { ownedAgency } from "../../core/scope-queries.ts";
import { agencies, units } from "../agencies/tables.ts";
import { sessions } from "../auth/tables.ts";
import { hashPassword, passwordProblem } from "../auth/passwords.ts";
import { users } from "./tables.ts";
import { userPolicy } from "./policy.ts";
import type { UserCreate, UserUpdate } from "./schemas.ts";

const columns = {
  id: users.id,
  agencyId: users.agencyId,
  agencyName: agencies.name,
  agencyPath: agencies.path,
  unitId: users.unitId,
  username: users.username,
  displayName: users.displayName,
  roles: users.roles,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
  version: users.version,
};
export interface UserRow {
  id: string;
  agencyId: string;
  agencyName: string;
  agencyPath: string;
  unitId: string | null;
  username: string;
  displayName: string;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
  version: number;
}

/** Users the actor may see: admins their subtree, heads their agency (R-GEN-03). */
export async function listUsers(db: Db, actor: Actor, q: { page: number; pageSize: number; agencyId?: string; q?: string }) {
  const scope: SQL[] = [];
  if (has(actor, "admin")) scope.push(sql`${agencies.path} like ${actor.agencyPath + "%"}`);
  if (has(actor, "agency_head")) scope.push(eq(users.agencyId, actor.agencyId));
  scope.push(eq(users.id, actor.id));
  const where = and(
    or(...scope),
    q.agencyId ? eq(users.agencyId, q.agencyId) : undefined,
    q.q ? or(ilike(users.username, `%${q.q}%`), ilike(users.displayName, `%${q.q}%`)) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db.select(columns).from(users).innerJoin(agencies, eq(agencies.id, users.agencyId)).where(where).orderBy(asc(agencies.path), asc(users.username)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(users).innerJoin(agencies, eq(agencies.id, users.agencyId)).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function getUser(db: Db, id: string): Promise<UserRow> {
  const [row] = await db.select(columns).from(users).innerJoin(agencies, eq(agencies.id, users.agencyId)).where(eq(users.id, id));
  if (!row) throw errors.notFound("用户");
  return row;
}

async function checkUnit(db: Db, agencyId: string, unitId: string | null | undefined) {
  if (!unitId) return;
  const [unit] = await db.select({ agencyId: units.agencyId }).from(units).where(eq(units.id, unitId));
  if (!unit || unit.agencyId !== agencyId) throw errors.validation([{ field: "unitId", message: "内设机构不属于该执法主体" }]);
}

export async function createUser(db: Db, actor: Actor, ctx: AuditContext, input: UserCreate): Promise<UserRow> {
  const owner = await ownedAgency(db, input.agencyId);
  userPolicy.authorize(actor, "create", owner);
  await checkUnit(db, input.agencyId, input.unitId);
  const problem = passwordProblem(input.password);
  if (problem) throw errors.validation([{ field: "password", message: problem }]);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing) throw errors.validation([{ field: "username", message: "用户名已被使用" }]);
  const passwordHash = await hashPassword(input.password);
  const id = await mutate(db, ctx, async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ agencyId: input.agencyId, unitId: input.unitId ?? null, username: input.username, displayName: input.displayName, roles: input.roles, passwordHash, mustChangePassword: true })
      .returning({ id: users.id });
    return row!.id;
  });
  return getUser(db, id);
}

export async function updateUser(db: Db, actor: Actor, ctx: AuditContext, id: string, input: UserUpdate): Promise<UserRow> {
  const current = await getUser(db, id);
  userPolicy.authorize(actor, "update", { agencyId: current.agencyId, agencyPath: current.agencyPath, userId: current.id });
  if (input.unitId !== undefined) await checkUnit(db, current.agencyId, input.unitId);
  const { version, ...changes } = input;
  await mutate(db, ctx, async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ ...changes, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.version, version)))
      .returning({ id: users.id });
    if (!row) throw errors.staleVersion();
    // A deactivated account loses its sessions at once.
    if (changes.active === false) await tx.delete(sessions).where(eq(sessions.userId, id));
  });
  return getUser(db, id);
}

/** Administrator sets a temporary password; the user must change it at next login. */
export async function resetPassword(db: Db, actor: Actor, ctx: AuditContext, id: string, password: string): Promise<void> {
  const current = await getUser(db, id);
  userPolicy.authorize(actor, "resetPassword", { agencyId: current.agencyId, agencyPath: current.agencyPath, userId: current.id });
  const problem = passwordProblem(password);
  if (problem) throw errors.validation([{ field: "password", message: problem }]);
  const passwordHash = await hashPassword(password);
  await mutate(db, ctx, async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), updatedAt: new Date(), version: sql`${users.version} + 1` }).where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
  });
}

/** Display names of users by id (absent and null ids skipped), for presenters naming who did what. */
export async function userNames(db: Db | Tx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  return new Map((await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted))).map((u) => [u.id, u.name]));
}
