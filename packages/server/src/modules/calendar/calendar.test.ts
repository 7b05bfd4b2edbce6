import { afterEach, describe, expect, it, vi } from "vitest";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { createTestDatabase, setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildUser, loginAs, type Client } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { auditEvents } from "../audit/tables.ts";
import { calendarYears } from "./tables.ts";
import { ensureCalendar, loadCalendar, seedCalendarFromChineseDays } from "./service.ts";

const { app, database } = await setupTestApp();
const db = database.db;
// The official calendar through 2026, whatever later notices the installed chinese-days package holds.
await mutate(db, systemContext("test", "test.calendar"), (tx) => seedCalendarFromChineseDays(tx, { untilYear: 2026 }));

afterEach(() => {
  vi.useRealTimers();
});

/** A plausible 2027 notice (test data; the holiday ranges follow the usual pattern). */
const NOTICE_2027 = {
  noticeNo: "国办发明电〔2026〕99号",
  holidays: [
    { name: "元旦", from: "2027-01-01", to: "2027-01-03" },
    { name: "春节", from: "2027-02-06", to: "2027-02-14" },
    { name: "国庆节", from: "2027-10-01", to: "2027-10-07" },
  ],
  workdays: [
    { date: "2027-01-31", name: "春节" },
    { date: "2027-02-20", name: "春节" },
    { date: "2027-10-09", name: "国庆节" },
  ],
};

async function rootAdmin(): Promise<Client> {
  return loginAs(app, await buildUser(db, await buildAgency(db), ["admin"]));
}

const put = (client: Client, year: number, payload: unknown) => client.request({ method: "PUT", url: `/api/calendar/years/${year}`, payload: payload as never });

async function xlsx(rows: (string | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("节假日");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(client: Client, year: number, buffer: Buffer, noticeNo = "国办发明电〔2027〕1号") {
  const boundary = "----zhifa" + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="notice.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return client.request({
    method: "POST",
    url: `/api/calendar/years/${year}/import?noticeNo=${encodeURIComponent(noticeNo)}`,
    payload: Buffer.concat([head, buffer, tail]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  });
}

describe("working-day calendar as data (R-CASE-07)", () => {
  it("computes deadlines across the 2025/2026 holidays and 调休 from the stored calendar (R-CASE-07)", async () => {
    const officer = await loginAs(app, await buildUser(db, await buildAgency(db), ["officer"]));
    const compute = async (start: string, days: number) => (await officer.get(`/api/calendar/compute?start=${start}&days=${days}`)).json();
    // 国庆 2025: 10-01..10-08 off, Saturday 10-11 is a working day (调休上班)
    expect(await compute("2025-09-30", 3)).toEqual({ start: "2025-09-30", days: 3, date: "2025-10-11", confirmed: true });
    // 春节 2026: 02-15..02-23 off, Saturday 02-14 and 02-28 are working days
    expect(await compute("2026-02-13", 1)).toEqual({ start: "2026-02-13", days: 1, date: "2026-02-14", confirmed: true });
    expect(await compute("2026-02-14", 5)).toMatchObject({ date: "2026-02-28", confirmed: true });
    // across the year boundary: 元旦 2026 is 01-01..01-03, Sunday 01-04 is a working day
    expect(await compute("2025-12-31", 1)).toMatchObject({ date: "2026-01-04", confirmed: true });
    expect(await compute("2025-06-01", 0)).toMatchObject({ date: "2025-06-01", confirmed: true });

    const between = (await officer.get("/api/calendar/between?from=2025-12-31&to=2026-12-31")).json();
    expect(between).toEqual({ from: "2025-12-31", to: "2026-12-31", days: 248, confirmed: true });
    expect((await officer.get("/api/calendar/between?from=2026-12-31&to=2025-12-31")).json().days).toBe(-248);
  });

  it("marks a deadline reaching into 2027 unconfirmed until the 2027 notice is loaded, then confirmed (R-CASE-07)", async () => {
    const officer = await loginAs(app, await buildUser(db, await buildAgency(db), ["officer"]));
    const admin = await rootAdmin();
    // without the 2027 notice: plain weekday rule, flagged
    expect((await officer.get("/api/calendar/compute?start=2026-12-31&days=1")).json()).toMatchObject({ date: "2027-01-01", confirmed: false });
    expect((await officer.get("/api/calendar/between?from=2026-12-01&to=2027-01-10")).json().confirmed).toBe(false);
    const before = (await officer.get("/api/calendar?year=2027")).json();
    expect(before).toMatchObject({ year: 2027, days: [], notice: null, can: { read: true, update: false } });
    expect(before.knownYears).toContain(2026);
    expect(before.knownYears).not.toContain(2027);

    const res = await put(admin, 2027, NOTICE_2027);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.notice).toMatchObject({ year: 2027, noticeNo: "国办发明电〔2026〕99号" });
    expect(body.days).toHaveLength(3 + 9 + 7 + 3);
    expect(body.days.find((d: { date: string }) => d.date === "2027-02-20")).toEqual({ date: "2027-02-20", kind: "workday", name: "春节", source: "国办发明电〔2026〕99号" });
    expect(body.knownYears).toContain(2027);

    // the next process-local read sees it (cache invalidated), and the deadline is confirmed
    expect((await officer.get("/api/calendar/compute?start=2026-12-31&days=1")).json()).toMatchObject({ date: "2027-01-04", confirmed: true });
    expect((await officer.get("/api/calendar/compute?start=2027-02-05&days=1")).json()).toMatchObject({ date: "2027-02-15", confirmed: true });
    expect((await officer.get("/api/calendar/compute?start=2027-02-19&days=1")).json()).toMatchObject({ date: "2027-02-20", confirmed: true });

    // loading again replaces the year: only the differences are written, and audited
    const revised = { ...NOTICE_2027, noticeNo: "国办发明电〔2026〕100号", holidays: NOTICE_2027.holidays.slice(0, 2), workdays: NOTICE_2027.workdays.slice(0, 2) };
    const again = (await put(admin, 2027, revised)).json();
    expect(again.days).toHaveLength(3 + 9 + 2);
    expect(again.days.some((d: { date: string }) => d.date.startsWith("2027-10"))).toBe(false);
    const trail = await db
      .select({ op: auditEvents.op, action: auditEvents.action, actor: auditEvents.actor })
      .from(auditEvents)
      .where(and(eq(auditEvents.tableName, "calendar_days"), eq(auditEvents.action, "calendar.update")));
    expect(trail.filter((t) => t.op === "DELETE")).toHaveLength(7 + 1);
    expect(trail.every((t) => t.actor.startsWith("user:"))).toBe(true);
    expect((await officer.get("/api/calendar/compute?start=2027-10-08&days=1")).json()).toMatchObject({ date: "2027-10-11", confirmed: true }); // 10-09 is a plain Saturday again
  });

  it("warns from 1 October while next year's notice is missing (R-CASE-07)", async () => {
    const user = await buildUser(db, await buildAgency(db), ["admin"]);
    expect((await put(await loginAs(app, user), 2033, { noticeNo: "国办发明电〔2032〕1号", holidays: [{ name: "元旦", from: "2033-01-01", to: "2033-01-03" }], workdays: [] })).statusCode).toBe(200);
    /** GET /api/calendar at instant `now` (logged in at that instant: sessions expire). */
    const at = async (now: string) => {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date(now) });
      return (await (await loginAs(app, user)).get("/api/calendar")).json();
    };
    expect(await at("2026-09-30T12:00:00+08:00")).toMatchObject({ year: 2026, today: "2026-09-30", warning: null });
    expect(await at("2033-09-30T23:30:00+08:00")).toMatchObject({ year: 2033, today: "2033-09-30", warning: null });
    const october = await at("2033-10-01T00:30:00+08:00"); // still 30 September in UTC
    expect(october).toMatchObject({ year: 2033, today: "2033-10-01", warning: { year: 2034 }, can: { update: true } });
    expect(october.warning.message).toContain("2034 年");
    const current = await at("2034-01-02T08:00:00+08:00");
    expect(current).toMatchObject({ year: 2034, notice: null, warning: { year: 2034 } });
    expect(current.warning.message).toContain("本年度");
  });

  it("lets only an administrator of a root agency load a notice (R-CASE-07, R-GEN-03)", async () => {
    const root = await buildAgency(db);
    const child = await buildAgency(db, { parent: root });
    const childAdmin = await loginAs(app, await buildUser(db, child, ["admin"]));
    const rootOfficer = await loginAs(app, await buildUser(db, root, ["officer", "supervisor"]));
    const rootAdminClient = await loginAs(app, await buildUser(db, root, ["admin"]));
    for (const client of [childAdmin, rootOfficer]) {
      expect((await put(client, 2029, { ...NOTICE_2027, holidays: [{ name: "元旦", from: "2029-01-01", to: "2029-01-01" }], workdays: [] })).statusCode).toBe(403);
      expect((await upload(client, 2029, await xlsx([["日期", "类型", "名称"], ["2029-01-01", "放假", "元旦"]]))).statusCode).toBe(403);
      expect((await client.get("/api/auth/me")).json().abilities.calendar).toEqual({ read: true, update: false });
      expect((await client.get("/api/calendar?year=2029")).statusCode).toBe(200);
    }
    expect((await rootAdminClient.get("/api/auth/me")).json().abilities.calendar).toEqual({ read: true, update: true });
    const [row] = await db.select().from(calendarYears).where(eq(calendarYears.year, 2029));
    expect(row).toBeUndefined();
  });

  it("refuses an invalid notice with Chinese messages per field, writing nothing (R-CASE-07)", async () => {
    const admin = await rootAdmin();
    const res = await put(admin, 2030, {
      noticeNo: "国办发明电〔2029〕1号",
      holidays: [
        { name: "元旦", from: "2029-12-31", to: "2030-01-01" }, // starts outside the year
        { name: "春节", from: "2030-02-10", to: "2030-02-03" }, // ends before it starts
        { name: "清明节", from: "2030-04-04", to: "2030-04-06" },
        { name: "", from: "2030-04-06", to: "2030-04-07" }, // overlaps 清明节, no name
        { name: "劳动节", from: "2030-02-30", to: "2030-05-05" }, // no such date
      ],
      workdays: [{ date: "2030-01-08", name: "春节" }], // a Tuesday
    });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.id).toBe("validation_failed");
    const fields = Object.fromEntries(error.details.map((d: { field: string; message: string }) => [d.field, d.message]));
    expect(fields["holidays.0.from"]).toBe("日期 2029-12-31 不在 2030 年内");
    expect(fields["holidays.1.to"]).toBe("结束日期不能早于开始日期");
    expect(fields["holidays.3.name"]).toMatch(/名称/);
    expect(fields["holidays.3.from"]).toMatch(/2030-04-06 已列入“清明节”/);
    expect(fields["holidays.4.from"]).toMatch(/日期格式/);
    expect(fields["workdays.0.date"]).toBe("2030-01-08 是星期二，调休上班日应为星期六或星期日");
    expect(await db.select().from(calendarYears).where(eq(calendarYears.year, 2030))).toEqual([]);

    const noHoliday = await put(admin, 2030, { noticeNo: "x", holidays: [], workdays: [] });
    expect(noHoliday.json().error.details).toEqual([{ field: "holidays", message: "通知中至少应有一项放假安排" }]);
    const blankNo = await put(admin, 2030, { ...NOTICE_2027, noticeNo: "   ", holidays: [{ name: "元旦", from: "2030-01-01", to: "2030-01-01" }], workdays: [] });
    expect(blankNo.json().error.details).toEqual([{ field: "noticeNo", message: "请填写通知文号" }]);
    expect((await admin.get("/api/calendar/compute?start=2026-13-01&days=1")).statusCode).toBe(400);
    expect((await admin.get("/api/calendar/compute?start=2026-01-01&days=-1")).statusCode).toBe(400);
    expect((await admin.get("/api/calendar/between?from=1900-01-01&to=2026-01-01")).json().error.details[0].field).toBe("to");
  });

  it("imports a notice from Excel and reports bad files and bad rows clearly (R-CASE-07, R-DX-03)", async () => {
    const admin = await rootAdmin();
    const officer = await loginAs(app, await buildUser(db, await buildAgency(db), ["officer"]));
    const garbage = await upload(admin, 2031, Buffer.from("this is not a spreadsheet"));
    expect(garbage.json().error).toMatchObject({ id: "bad_file", message: "文件不是 Excel（.xlsx）格式" });
    const brokenZip = await upload(admin, 2031, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]));
    expect(brokenZip.json().error).toMatchObject({ id: "bad_file", message: "无法读取该 Excel 文件，文件可能已损坏" });
    const noHeader = await upload(admin, 2031, await xlsx([["日子", "类型"], ["2031-01-01", "放假"]]));
    expect(noHeader.json().error.message).toMatch(/表头缺少列：日期、名称/);

    const bad = await upload(
      admin,
      2031,
      await xlsx([["日期", "类型", "名称"], ["2031-01-01", "放假", "元旦"], ["2031-01-07", "调休上班", "春节"], ["2031-02-01", "请假", "春节"], ["2030-12-31至2031-01-01", "放假", "元旦"]]),
    );
    expect(bad.statusCode).toBe(422);
    const problems = bad.json().error.details.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        { row: 3, column: "日期", message: "2031-01-07 是星期二，调休上班日应为星期六或星期日" },
        { row: 4, column: "类型", message: "类型应为“放假”或“调休上班”" },
      ]),
    );
    expect(bad.json().error.details.report).toEqual(expect.any(String));
    expect((await officer.get("/api/calendar?year=2031")).json().notice).toBeNull();

    const good = await upload(
      admin,
      2031,
      await xlsx([
        ["日期", "类型", "名称"],
        [new Date(Date.UTC(2031, 0, 1)), "放假", "元旦"],
        ["2031/1/22至2031/1/28", "放假", "春节"],
        ["2031年1月18日", "调休上班", "春节"],
        [null, null, null],
      ]),
    );
    expect(good.statusCode).toBe(200);
    expect(good.json().notice).toMatchObject({ year: 2031, noticeNo: "国办发明电〔2027〕1号" });
    expect(good.json().days.map((d: { date: string; kind: string }) => `${d.date}:${d.kind}`)).toEqual([
      "2031-01-01:holiday",
      "2031-01-18:workday",
      ...["22", "23", "24", "25", "26", "27", "28"].map((d) => `2031-01-${d}:holiday`),
    ]);
    expect((await officer.get("/api/calendar/compute?start=2031-01-17&days=1")).json()).toMatchObject({ date: "2031-01-18", confirmed: true });
    // the export is the import format: a round trip gives the same days
    const exported = await officer.get("/api/calendar/years/2031/export");
    expect(exported.headers["content-type"]).toContain("spreadsheetml");
    const again = await upload(admin, 2031, exported.rawPayload);
    expect(again.json().days).toEqual(good.json().days.map((d: object) => ({ ...d, source: "国办发明电〔2027〕1号" })));
  });

  it("loads the official notices into a database seeded without demo data, and sees other processes' writes (R-CASE-07)", async () => {
    const other = await createTestDatabase();
    try {
      const loaded = await ensureCalendar(other.db);
      expect(loaded).toEqual(expect.arrayContaining([2025, 2026]));
      expect(await ensureCalendar(other.db)).toEqual([]);
      const calendar = await loadCalendar(other.db);
      expect(calendar.addWorkingDays("2025-09-30", 3)).toEqual({ date: "2025-10-11", confirmed: true });
      expect(await loadCalendar(other.db)).toBe(calendar); // cached while nothing changed
      // a notice written by another process (not through this process' service) is seen at the next read
      await mutate(other.db, systemContext("test", "test.calendar"), (tx) => tx.insert(calendarYears).values({ year: 2099, noticeNo: "x" }));
      const fresh = await loadCalendar(other.db);
      expect(fresh).not.toBe(calendar);
      expect(fresh.isKnownYear(2099)).toBe(true);
    } finally {
      await other.close();
    }
  });
});
