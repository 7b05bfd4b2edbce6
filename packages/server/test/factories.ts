import crypto from "node:crypto";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { agencyPath, ROLES, type ActionType, type AgencyLevel, type Role } from "@zhifa/domain";
import type { Db } from "../src/db/client.ts";
import { mutate, systemContext } from "../src/db/audit.ts";
import { agencies, units } from "../src/modules/agencies/tables.ts";
import { users } from "../src/modules/users/tables.ts";
import { hashPassword } from "../src/modules/auth/passwords.ts";
import { officers } from "../src/modules/lists/defs/officers.ts";
import { officerAnnualRecords } from "../src/modules/lists/defs/officer-annual-records.ts";
import type { App } from "../src/core/types.ts";
import type { Actor } from "../src/core/policy.ts";
import { openCase } from "../src/modules/cases/service.ts";
import { findOfficerByUsername } from "../src/modules/officers/service.ts";

export const TEST_PASSWORD = "test-password-123";
let hashed: Promise<string> | null = null;
const passwordHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

const uid = () => crypto.randomBytes(4).toString("hex");

export interface TestAgency {
  id: string;
  path: string;
  code: string;
  name: string;
  level: AgencyLevel;
  regionCode: string;
}

/** An isolated agency (optionally under a parent): each test builds its own tree. */
export async function buildAgency(
  db: Db,
  opts: { parent?: TestAgency; level?: AgencyLevel; actionTypes?: ActionType[]; regionCode?: string; name?: string } = {},
): Promise<TestAgency> {
  const id = crypto.randomUUID();
  const path = agencyPath(opts.parent?.path ?? null, id);
  const code = `T${uid()}`;
  const level = opts.level ?? (opts.parent ? "county" : "city");
  const regionCode = opts.regionCode ?? (opts.parent?.regionCode ?? "990100");
  const name = opts.name ?? `测试执法局${code}`;
  await mutate(db, systemContext("test", "test.agency"), (tx) =>
    tx.insert(agencies).values({
      id,
      code,
      name,
      parentId: opts.parent?.id ?? null,
      path,
      level,
      regionCode,
      regionName: "测试区",
      actionTypes: opts.actionTypes ?? ["penalty", "inspection", "permit", "coercion"],
    }),
  );
  return { id, path, code, name, level, regionCode };
}

export async function buildUnit(db: Db, agency: TestAgency, kind: "case" | "legal" | "office" | "other" = "case") {
  return mutate(db, systemContext("test", "test.unit"), async (tx) => {
    const [row] = await tx.insert(units).values({ agencyId: agency.id, name: `科室${uid()}`, kind }).returning();
    return row!;
  });
}

export interface TestUser {
  id: string;
  username: string;
  agency: TestAgency;
  roles: Role[];
}

export async function buildUser(db: Db, agency: TestAgency, roles: Role[] = ["officer"], opts: { active?: boolean } = {}): Promise<TestUser> {
  const username = `u${uid()}`;
  const hash = await passwordHash();
  const id = await mutate(db, systemContext("test", "test.user"), async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ agencyId: agency.id, username, displayName: `用户${username}`, roles, passwordHash: hash, active: opts.active ?? true })
      .returning({ id: users.id });
    return row!.id;
  });
  return { id, username, agency, roles };
}

/** An HTTP client logged in as a user: sends the session cookie and the CSRF token. */
export interface Client {
  user: TestUser | null;
  /** The same session (cookie and CSRF token) sent to another server process. */
  on(app: App): Client;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

function makeClient(app: App, user: TestUser | null, cookie: string | null, csrf: string | null): Client {
  const request = (opts: InjectOptions) =>
    app.inject({
      ...opts,
      headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { "x-csrf-token": csrf } : {}), ...(opts.headers ?? {}) },
    });
  return {
    user,
    on: (other) => makeClient(other, user, cookie, csrf),
    request,
    get: (url) => request({ method: "GET", url }),
    post: (url, payload) => request({ method: "POST", url, payload: payload as never }),
    patch: (url, payload) => request({ method: "PATCH", url, payload: payload as never }),
    put: (url, payload) => request({ method: "PUT", url, payload: payload as never }),
    delete: (url) => request({ method: "DELETE", url }),
  };
}

export function anonymous(app: App): Client {
  return makeClient(app, null, null, null);
}

export async function loginAs(app: App, user: TestUser): Promise<Client> {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: user.username, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login failed for ${user.username}: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === "zhifa_session");
  if (!setCookie) throw new Error("no session cookie");
  return makeClient(app, user, `zhifa_session=${setCookie.value}`, res.json().csrfToken);
}

/** A complete power item (R-LIST-03) for a 新增 or 合并 change. */
export const powerItemContent = (itemCode: string, extra: Record<string, unknown> = {}) => ({
  itemCode,
  name: "对生产经营不符合食品安全标准的食品的行政处罚",
  actionType: "penalty",
  domain: "市场监管",
  basisLaw: "《中华人民共和国食品安全法》",
  basisArticle: "第一百二十四条",
  procedure: "一般程序",
  timeLimitDays: 90,
  remedy: "依法申请行政复议或者提起行政诉讼",
  supervision: "监督电话 0999-12345",
  ...extra,
});

export type Relation = "own" | "parent" | "other";

/**
 * The policy-matrix cast: a target agency under a parent, an unrelated agency, and one logged-in
 * user per role in each (`clients.get("officer/own")`); `cases` lists every role × relation.
 */
export async function buildMatrix(app: App, db: Db) {
  const RELATIONS: Relation[] = ["own", "parent", "other"];
  const cases: [Role, Relation][] = ROLES.flatMap((r) => RELATIONS.map((rel) => [r, rel] as [Role, Relation]));
  const parent = await buildAgency(db, { level: "city" });
  const target: TestAgency = await buildAgency(db, { parent, level: "county" });
  const other = await buildAgency(db, { level: "city" });
  const where: Record<Relation, TestAgency> = { own: target, parent, other };
  const clients = new Map<string, Client>();
  for (const role of ROLES) for (const rel of RELATIONS) clients.set(`${role}/${rel}`, await loginAs(app, await buildUser(db, where[rel], [role])));
  return { cases, parent, target, other, clients };
}

/** An officer with a valid certificate (R-LIST-11), last year's training on record, optionally linked to a login. */
export async function buildOfficer(
  db: Db,
  agency: TestAgency,
  opts: { user?: TestUser; name?: string; categories?: ActionType[]; regionCodes?: string[]; validTo?: string; certStatus?: string; trainingHours?: number } = {},
): Promise<{ id: string; name: string; certNumber: string }> {
  const certNumber = `99${crypto.randomInt(10 ** 9, 10 ** 10)}`;
  const name = opts.name ?? `执法员${uid()}`;
  const lastYear = new Date().getFullYear() - 1;
  const id = await mutate(db, systemContext("test", "test.officer"), async (tx) => {
    const [row] = await tx
      .insert(officers)
      .values({
        agencyId: agency.id,
        name,
        gender: "male",
        certNumber,
        categories: opts.categories ?? ["penalty", "inspection", "permit", "coercion"],
        regionCodes: opts.regionCodes ?? [agency.regionCode],
        validFrom: `${lastYear - 1}-01-01`,
        validTo: opts.validTo ?? `${lastYear + 5}-12-31`,
        certStatus: opts.certStatus ?? "valid",
        username: opts.user?.username ?? null,
      })
      .returning({ id: officers.id });
    await tx.insert(officerAnnualRecords).values({ agencyId: agency.id, certNumber, year: lastYear, trainingHours: opts.trainingHours ?? 48, annualCheck: "passed" });
    return row!.id;
  });
  return { id, name, certNumber };
}

/**
 * A case opened through the service (R-CASE-02 numbering, ledger chain): `handlers` are logins
 * linked to officers on its team (an officer is made for each if it has none); the team is
 * padded to two qualified officers.
 */
export async function buildCase(
  app: App,
  db: Db,
  agency: TestAgency,
  opts: { handlers?: TestUser[]; opener?: TestUser; workflowKey?: string; partyName?: string } = {},
): Promise<{ id: string; number: string; officerIds: string[] }> {
  const opener = opts.opener ?? (await buildUser(db, agency, ["unit_lead"]));
  const officerIds: string[] = [];
  for (const h of opts.handlers ?? []) {
    const existing = await findOfficerByUsername(db, h.username);
    officerIds.push(existing?.id ?? (await buildOfficer(db, agency, { user: h })).id);
  }
  while (officerIds.length < 2) officerIds.push((await buildOfficer(db, agency)).id);
  const actor: Actor = { id: opener.id, username: opener.username, displayName: `用户${opener.username}`, roles: opener.roles, agencyId: agency.id, agencyPath: agency.path, atRoot: !agency.path.slice(1, -1).includes("/") };
  const row = await openCase(db, app.ledger, systemContext("test", "test.case"), actor, {
    workflowKey: opts.workflowKey ?? "penalty.general",
    title: "测试案件",
    source: "inspection",
    party: { type: "org", name: opts.partyName ?? "测试当事人有限公司" },
    officerIds,
  });
  return { id: row.id, number: row.number, officerIds };
}
