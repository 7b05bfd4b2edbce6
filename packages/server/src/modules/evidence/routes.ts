import { Type } from "typebox";
import type { App } from "../../core/types.ts";
import { AppError, errors } from "../../core/errors.ts";
import { errorResponses } from "../../core/schemas.ts";
import { evidencePolicy } from "./policy.ts";
import { getEvidence, listEvidence, logRead, type EvidenceRow } from "./service.ts";
import { getCaseByNumber } from "../cases/service.ts";
import { EvidenceFileStore } from "./store.ts";
import { BlobMissingError, evidenceRoot } from "./blobs.ts";
import { evidenceTus, headHandler, patchHandler, setCaller, UPLOAD_PATH } from "./tus.ts";
import type { FastifyReply, FastifyRequest } from "fastify";

const EvidenceOut = Type.Object({
  id: Type.String(),
  caseRef: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  stage: Type.Union([Type.String(), Type.Null()]),
  category: Type.String(),
  mime: Type.String(),
  filename: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  capturedAt: Type.String(),
  place: Type.String(),
  collector: Type.String(),
  proves: Type.String(),
  device: Type.String(),
  sensitivity: Type.String(),
  uploadedAt: Type.String(),
  late: Type.Boolean(),
  ledgerEntryId: Type.Integer(),
  /** The entry's leaf in the ledger once integrated (null for the moments before). */
  ledgerIndex: Type.Union([Type.Integer(), Type.Null()]),
});

const present = (r: EvidenceRow, ledgerIndex: number | null) => ({
  id: r.id,
  caseRef: r.caseRef,
  caseId: r.caseId,
  stage: r.stage,
  category: r.category,
  mime: r.mime,
  filename: r.filename,
  size: r.size,
  sha256: r.sha256,
  capturedAt: r.capturedAt.toISOString(),
  place: r.place,
  collector: r.collector,
  proves: r.proves,
  device: r.device,
  sensitivity: r.sensitivity,
  uploadedAt: r.uploadedAt.toISOString(),
  late: r.late,
  ledgerEntryId: r.ledgerEntryId,
  ledgerIndex,
});

export default async function evidenceRoutes(app: App) {
  const tags = ["evidence"];
  const store = new EvidenceFileStore(evidenceRoot(app.config), app.blobs);
  app.addHook("onClose", async () => store.hasher.close());
  const tus = evidenceTus(app, store);

  // tus: the body is the upload's bytes, streamed to the store, never parsed or buffered
  app.addContentTypeParser("application/offset+octet-stream", (_req, _payload, done) => done(null));
  const base = UPLOAD_PATH.slice("/api".length);
  const uploadSchema = (summary: string) => ({ tags, summary, params: Type.Object({ uploadId: Type.Optional(Type.String({ pattern: "^[\\w-]{1,64}$" })) }) });
  const viaTus = async (req: FastifyRequest, reply: FastifyReply) => {
    setCaller(req.raw, req.actor, req.audit("evidence.upload"));
    reply.hijack();
    await tus.handle(req.raw, reply.raw);
  };
  app.route({ method: ["POST", "OPTIONS"], url: base, schema: uploadSchema("证据文件断点续传（tus 1.0）：创建上传"), handler: viaTus });
  app.route({ method: ["DELETE", "OPTIONS"], url: `${base}/:uploadId`, schema: uploadSchema("证据文件断点续传：取消"), handler: viaTus });
  const head = headHandler(app, store, viaTus);
  app.route<{ Params: { uploadId: string } }>({
    method: "HEAD",
    url: `${base}/:uploadId`,
    schema: uploadSchema("证据文件断点续传：查询进度（数据已收齐而保存曾失败的，在此完成保存）"),
    handler: (req, reply) => head(req, reply, req.params.uploadId),
  });
  const patch = patchHandler(app, store);
  app.route<{ Params: { uploadId: string } }>({
    method: "PATCH",
    url: `${base}/:uploadId`,
    bodyLimit: Number.MAX_SAFE_INTEGER,
    schema: uploadSchema("证据文件断点续传：续传一段数据"),
    handler: (req, reply) => patch(req, reply, req.params.uploadId),
  });

  app.get(
    "/evidence",
    {
      schema: {
        tags,
        summary: "一个案件的证据文件（本机关）",
        querystring: Type.Object({ caseRef: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: Type.Object({ items: Type.Array(EvidenceOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const c = await getCaseByNumber(app.db, req.query.caseRef.trim());
      const rows = c ? (await listEvidence(app.db, c.id)).filter((r) => evidencePolicy.can(req.actor, "read", r)) : [];
      const leaves = await app.ledger.leafIndexes(rows.map((r) => r.ledgerEntryId));
      return { items: rows.map((r) => present(r, leaves.get(r.ledgerEntryId) ?? null)) };
    },
  );

  app.get(
    "/evidence/:id",
    { schema: { tags, summary: "证据文件的记录", params: Type.Object({ id: Type.String() }), response: { 200: EvidenceOut, ...errorResponses } } },
    async (req) => {
      const row = await getEvidence(app.db, req.params.id);
      if (!row || !evidencePolicy.can(req.actor, "read", row)) throw errors.notFound("证据文件");
      const leaves = await app.ledger.leafIndexes([row.ledgerEntryId]);
      return present(row, leaves.get(row.ledgerEntryId) ?? null);
    },
  );

  app.get(
    "/evidence/:id/content",
    {
      schema: {
        tags,
        summary: "播放或下载证据文件（支持 Range 请求；每次读取都记入账本）",
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object({ download: Type.Optional(Type.Boolean()) }),
        response: { ...errorResponses, 410: errorResponses[404], 416: errorResponses[404] },
      },
    },
    async (req, reply) => {
      const row = await getEvidence(app.db, req.params.id);
      if (!row || !evidencePolicy.can(req.actor, "read", row)) throw errors.notFound("证据文件");
      const range = parseRange(req.headers.range, row.size);
      if (range === "unsatisfiable") {
        reply.header("content-range", `bytes */${row.size}`);
        throw new AppError("evidence_bad_range", 416, "请求的范围超出文件大小");
      }
      // opened first, so a file missing from the store is a clear error and no read is logged
      const body = await app.blobs.read(row.sha256, range ?? undefined).catch((e: unknown) => {
        if (e instanceof BlobMissingError) {
          req.log.error({ sha256: row.sha256, at: app.blobs.locate(row.sha256) }, "evidence file missing from the store");
          throw new AppError("evidence_blob_missing", 410, "证据文件不在文件存储中（记录仍在），请联系系统管理员");
        }
        throw e;
      });
      // the read enters the case's ledger chain before a byte leaves (R-REC-08)
      try {
        await logRead(app.ledger, req.actor, row, range ? `${range.start}-${range.end}` : null, String(req.id));
      } catch (e) {
        body.destroy();
        throw e;
      }
      const disposition = `${req.query.download ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(row.filename)}`;
      reply.header("content-type", row.mime).header("accept-ranges", "bytes").header("content-disposition", disposition).header("cache-control", "private, no-store");
      if (range) {
        reply.code(206).header("content-range", `bytes ${range.start}-${range.end}/${row.size}`).header("content-length", range.end - range.start + 1);
        return reply.send(body as never);
      }
      reply.header("content-length", row.size);
      return reply.send(body as never);
    },
  );
}

/** One byte range ("bytes=a-b", "bytes=a-", "bytes=-n"); null for the whole file. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null; // not one simple range: send the whole file
  let start: number;
  let end: number;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}
