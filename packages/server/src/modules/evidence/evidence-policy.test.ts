import { describe, expect, it } from "vitest";
import type { Role } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, buildCase, buildMatrix, buildUser, loginAs, type Client, type Relation } from "../../../test/factories.ts";
import { systemContext } from "../../db/audit.ts";
import type { Actor } from "../../core/policy.ts";
import { storeEvidence, type EvidenceMeta } from "./service.ts";

/**
 * Who may upload and read evidence (R-REC-01, R-REC-08, R-REC-09) × every role × own / parent /
 * other agency, on an ordinary record and on a privacy-marked one, of a case of the target agency.
 */
const { app, database } = await setupTestApp();
const db = database.db;
const { cases, target, clients } = await buildMatrix(app, db);
const uploader = await buildUser(db, target, ["officer"]);
const uploaderClient = await loginAs(app, uploader);
// the matrix's own-agency officer is on the case's team with the uploader (see `upload` below)
const theCase = await buildCase(app, db, target, { handlers: [uploader, clients.get("officer/own")!.user!] });
const stage = ((await uploaderClient.get(`/api/cases/${theCase.id}`)).json() as { stage: string }).stage;

const meta = (sensitivity: EvidenceMeta["sensitivity"]): EvidenceMeta => ({
  filename: "a.jpg", sha256: "a".repeat(64), caseRef: theCase.number, capturedAt: new Date().toISOString(), place: "现场", collector: "甲", proves: "现场状况", device: "", sensitivity,
});
const actor = { id: uploader.id, username: uploader.username, displayName: "上传人", roles: ["officer"], agencyId: target.id, agencyPath: target.path, atRoot: false } as Actor;
const photo = { mime: "image/jpeg", category: "photo" as const, label: "JPEG 照片" };
const normal = await storeEvidence(db, app.ledger, systemContext("test", "matrix"), { actor, meta: meta("none"), type: photo, size: 10, caseId: theCase.id, stage });
const privacy = await storeEvidence(db, app.ledger, systemContext("test", "matrix"), { actor, meta: meta("privacy"), type: photo, size: 10, caseId: theCase.id, stage });

const readNormal = (role: Role, rel: Relation) => (role === "supervisor" && rel !== "other") || (rel === "own" && ["officer", "unit_lead", "legal_reviewer", "agency_head"].includes(role));
const readPrivate = (role: Role, rel: Relation) => (role === "supervisor" && rel !== "other") || (rel === "own" && ["unit_lead", "legal_reviewer", "agency_head"].includes(role));
const mayUpload = (role: Role) => ["officer", "unit_lead", "agency_head"].includes(role);
/**
 * Creating an upload for the case: without the upload ability, 403; with it, the case must be one
 * the caller may handle (casePolicy "handle": its own agency's unit leads and head, and officers
 * on its team, which the matrix's "officer/own" is), else it is not found for them (404).
 */
const upload = (role: Role, rel: Relation): [number, string | null] => (!mayUpload(role) ? [403, "forbidden"] : rel === "own" ? [201, null] : [404, "evidence_case_not_found"]);

const creation = (c: Client) =>
  c.request({
    method: "POST",
    url: "/api/evidence/uploads",
    headers: {
      "tus-resumable": "1.0.0",
      "upload-length": "100",
      "upload-metadata": Object.entries({ ...meta("none"), sha256: "b".repeat(64) }).map(([k, v]) => `${k} ${Buffer.from(String(v)).toString("base64")}`).join(","),
    },
  });

describe("policy matrix: evidence (R-REC-08, R-REC-09)", () => {
  it.each(cases)("%s in the %s agency", async (role, rel) => {
    const c = clients.get(`${role}/${rel}`)!;
    const a = (await c.get(`/api/evidence/${normal.id}`)).statusCode;
    expect(a, `ordinary record → ${a}`).toBe(readNormal(role, rel) ? 200 : 404);
    const b = (await c.get(`/api/evidence/${privacy.id}`)).statusCode;
    expect(b, `privacy record → ${b}`).toBe(readPrivate(role, rel) ? 200 : 404);
    const up = await creation(c);
    const [status, id] = upload(role, rel);
    expect(up.statusCode, `upload → ${up.statusCode} ${up.body}`).toBe(status);
    if (id) expect(JSON.parse(up.body).error.id).toBe(id);
  });

  it("an officer of the agency who is not on the case's team may not add to it (404)", async () => {
    const notOnTeam = await loginAs(app, await buildUser(db, target, ["officer"]));
    const up = await creation(notOnTeam);
    expect(up.statusCode, up.body).toBe(404);
    expect(JSON.parse(up.body).error.id).toBe("evidence_case_not_found");
    // reading the case's ordinary records needs no place on the team
    expect((await notOnTeam.get(`/api/evidence/${normal.id}`)).statusCode).toBe(200);
  });

  it("the uploader reads their own privacy-marked record", async () => {
    expect((await uploaderClient.get(`/api/evidence/${privacy.id}`)).statusCode).toBe(200);
  });

  it("unauthenticated callers get 401", async () => {
    const anon = anonymous(app);
    for (const [method, url] of [
      ["GET", `/api/evidence?caseRef=x`],
      ["GET", `/api/evidence/${normal.id}`],
      ["GET", `/api/evidence/${normal.id}/content`],
      ["POST", "/api/evidence/uploads"],
      ["PATCH", "/api/evidence/uploads/abc"],
      ["HEAD", "/api/evidence/uploads/abc"],
      ["DELETE", "/api/evidence/uploads/abc"],
    ] as const) {
      const res = await anon.request({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});
