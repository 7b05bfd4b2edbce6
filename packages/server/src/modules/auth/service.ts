import crypto from "node:crypto";
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Role } from "@zhifa/domain";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { errors } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";
import { loginAttempts, sessions } from "./tables.ts";
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from "./passwords.ts";

export const SESSION_COOKIE = "zhifa_session";

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

export interface LoginInput {
  username: string;
  password: string;
  ip: string;
  userAgent: string;
  requestId: string;
}

/**
 * Password login with lockout: after LOGIN_MAX_FAILURES failed attempts on an account within
 * LOGIN_LOCK_MINUTES the account is locked for that long; an IP with too many failures is
 * refused. Counted in the database so every server process applies the same limits.
 */
export async function login(db: Db, config: Config, input: LoginInput): Promise<{ token: string; actor: Actor; csrfToken: string }> {
  const since = new Date(Date.now() - config.LOGIN_LOCK_MINUTES * 60_000);
  const [ipFailures] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, input.ip), eq(loginAttempts.success, false), gt(loginAttempts.at, since)));
  if ((ipFailures?.n ?? 0) >= config.LOGIN_MAX_FAILURES_PER_IP) throw errors.tooManyAttempts();

  const [lastSuccess] = await db
    .select({ at: sql<string>`max(${loginAttempts.at})` })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.username, input.username), eq(loginAttempts.success, true)));
  const failureWindowStart = lastSuccess?.at && new Date(lastSuccess.at) > since ? new Date(lastSuccess.at) : since;
  const [accountFailures] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.username, input.username), eq(loginAttempts.success, false), gt(loginAttempts.at, failureWindowStart)));
  if ((accountFailures?.n ?? 0) >= config.LOGIN_MAX_FAILURES) throw errors.accountLocked(config.LOGIN_LOCK_MINUTES);

  const [user] = await db.select().from(users).where(eq(users.username, input.username));
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
  await db.insert(loginAttempts).values({ username: input.username, ip: input.ip, success: ok && !!user?.active });
  if (!user || !ok) throw errors.invalidCredentials();
  if (!user.active) throw errors.accountDisabled();

  const token = crypto.randomBytes(32).toString("base64url");
  const csrfToken = crypto.randomBytes(24).toString("base64url");
  const ctx: AuditContext = {
    actor: `user:${user.id}`,
    actorName: user.displayName,
    ip: input.ip,
    requestId: input.requestId,
    action: "auth.login",
  };
  await mutate(db, ctx, (tx) =>
    tx.insert(sessions).values({
      tokenHash: sha256(token),
      csrfToken,
      userId: user.id,
      ip: input.ip,
      userAgent: input.userAgent.slice(0, 300),
      expiresAt: new Date(Date.now() + config.SESSION_TTL_HOURS * 3600_000),
    }),
  );
  const session = await resolveSession(db, token);
  if (!session) throw errors.internal();
  return { token, actor: session.actor, csrfToken };
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
  mustChangePassword: boolean;
}

function sessionLookup(db: Db) {
  return db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      roles: users.roles,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      agencyId: agencies.id,
      agencyPath: agencies.path,
      agencyParent: agencies.parentId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(sessions.tokenHash, sql.placeholder("tokenHash")))
    .prepare("zhifa_session_lookup");
}
/** The lookup runs on every request: built and prepared once per database handle. */
const lookups = new WeakMap<Db, ReturnType<typeof sessionLookup>>();

/** The stored form of a cookie token. */
export const hashToken = sha256;

/** Finds the live session for a cookie token, with its user and agency. */
export async function resolveSession(db: Db, token: string, tokenHash = sha256(token)): Promise<ResolvedSession | null> {
  let lookup = lookups.get(db);
  if (!lookup) lookups.set(db, (lookup = sessionLookup(db)));
  const [row] = await lookup.execute({ tokenHash });
  if (!row || !row.active || row.expiresAt.getTime() <= Date.now()) return null;
  return {
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
    mustChangePassword: row.mustChangePassword,
    actor: {
      id: row.userId,
      username: row.username,
      displayName: row.displayName,
      roles: row.roles as Role[],
      agencyId: row.agencyId,
      agencyPath: row.agencyPath,
      atRoot: row.agencyParent === null,
    },
  };
}

export async function logout(db: Db, ctx: AuditContext, sessionId: string): Promise<void> {
  await mutate(db, ctx, (tx) => tx.delete(sessions).where(eq(sessions.id, sessionId)));
}

/** Changes the caller's password and ends their other sessions. */
export async function changePassword(
  db: Db,
  ctx: AuditContext,
  actor: Actor,
  sessionId: string,
  oldPassword: string,
  newPassword: string,
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!user) throw errors.unauthenticated();
  if (!(await verifyPassword(user.passwordHash, oldPassword))) throw errors.wrongPassword();
  const problem = passwordProblem(newPassword);
  if (problem) throw errors.weakPassword(problem);
  if (oldPassword === newPassword) throw errors.weakPassword("新密码不能与原密码相同");
  const passwordHash = await hashPassword(newPassword);
  await mutate(db, ctx, async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, actor.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, actor.id), sql`${sessions.id} <> ${sessionId}`));
  });
}

export function timingSafeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
