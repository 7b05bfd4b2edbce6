/**
 * Resumable evidence uploads over the tus protocol (R-REC-06), at /api/evidence/uploads.
 * The client declares the file's SHA-256 and its metadata (R-REC-03) when it creates the
 * upload; the server hashes while the bytes stream in, refuses a wrong type after the first
 * bytes, and at the end keeps the file only if the hash matches, content-addressed, with its
 * record and ledger entry. Errors come back as `{ error: { id, message } }` with a Chinese
 * message.
 */
import type { IncomingMessage } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Server, type ServerOptions } from "@tus/server";
import type { Upload } from "@tus/utils";
import { detectMediaType } from "@zhifa/domain";
import type { Actor } from "../../core/policy.ts";
import type { AuditContext } from "../../db/audit.ts";
import type { App } from "../../core/types.ts";
import { evidencePolicy, ownEvidence } from "./policy.ts";
import { caseForUpload, MetaError, parseMeta, storeEvidence } from "./service.ts";
import { AppError } from "../../core/errors.ts";
import { TusError, wrongType, type EvidenceFileStore } from "./store.ts";

export const UPLOAD_PATH = "/api/evidence/uploads";

/** Who is calling, for the tus hooks (which see a Web Request made from the Node one). */
const callers = new WeakMap<IncomingMessage, { actor: Actor; audit: AuditContext }>();
export const setCaller = (req: IncomingMessage, actor: Actor, audit: AuditContext): void => void callers.set(req, { actor, audit });

function callerOf(req: Request): { actor: Actor; audit: AuditContext } {
  const node = (req as unknown as { runtime?: { node?: { req: IncomingMessage } } }).runtime?.node?.req;
  const caller = node ? callers.get(node) : undefined;
  if (!caller) throw new TusError(401, "unauthenticated", "请先登录");
  return caller;
}

const sizeText = (n: number): string => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${Math.round(n / 1024 ** 2)} MB`);

/**
 * A fully received upload: the hash must be the declared one and the content an accepted type;
 * then the file joins the content-addressed store and its record and ledger entry commit.
 */
async function finishUpload(app: App, store: EvidenceFileStore, caller: { actor: Actor; audit: AuditContext }, upload: Upload): Promise<string> {
  const meta = parseMeta(upload.metadata ?? {}, new Date());
  const sha256 = await store.digest(upload);
  if (sha256 !== meta.sha256) {
    await store.discard(upload.id);
    throw new TusError(460, "evidence_hash_mismatch", "文件内容与声明的校验值（SHA-256）不一致：上传的数据未保存，请重新上传");
  }
  const type = detectMediaType(await store.head(upload.id));
  if (!type) {
    await store.discard(upload.id);
    throw wrongType();
  }
  const c = await caseForUpload(app.db, caller.actor, meta.caseRef).catch(async (e: unknown) => {
    await store.discard(upload.id);
    throw e instanceof AppError ? new TusError(e.statusCode, e.id, e.message) : e;
  });
  await store.keep(upload, sha256);
  // the file belongs to the stage the case is in when it is stored (R-REC-01)
  const row = await storeEvidence(app.db, app.ledger, { ...caller.audit, action: "evidence.upload" }, { actor: caller.actor, meta, type, size: upload.size!, caseId: c.id, stage: c.stage });
  await store.finished(upload.id, { uploader: caller.actor.id, size: upload.size!, evidenceId: row.id });
  return row.id;
}

/** Storing a fully received file failed for a reason of ours (the bucket, the database): retry. */
const storeUnavailable = { id: "evidence_store_unavailable", message: "文件已完整接收，但暂时无法保存（存储或数据库不可用）。稍后重试即可完成保存，无需重新上传" };

/**
 * Finishes a fully received upload, mapping a failure to the answer: a refusal (TusError) as it
 * is; anything else (the bucket or the database unavailable) as 503, the upload kept whole for
 * the next try.
 */
async function finishOrRefuse(app: App, store: EvidenceFileStore, caller: { actor: Actor; audit: AuditContext }, upload: Upload): Promise<{ evidenceId: string } | { status: number; error: { id: string; message: string } }> {
  try {
    return { evidenceId: await finishUpload(app, store, caller, upload) };
  } catch (e) {
    if (e instanceof TusError) return { status: e.status_code, error: { id: e.id, message: e.message } };
    app.log.error({ err: e, upload: upload.id }, "storing a fully received evidence file failed; kept for a retry");
    return { status: 503, error: storeUnavailable };
  }
}

/**
 * HEAD (tus: where does the upload stand?). An upload whose bytes all arrived but whose storing
 * failed (the bucket or the database was down at the last PATCH) is finished here, so the
 * client's retry ends with the stored record (X-Evidence-Id) instead of a success with nothing
 * stored; any other HEAD goes to @tus/server.
 */
export function headHandler(app: App, store: EvidenceFileStore, viaTus: (req: FastifyRequest, reply: FastifyReply) => Promise<void>) {
  return async (req: FastifyRequest, reply: FastifyReply, id: string): Promise<void> => {
    const done = (size: number, evidenceId: string) =>
      reply.code(200).header("tus-resumable", "1.0.0").header("cache-control", "no-store").header("upload-offset", String(size)).header("upload-length", String(size)).header("x-evidence-id", evidenceId).send();
    // stored a moment ago (the client lost the answer of its last PATCH): say so, with the record
    const lately = req.actor ? store.storedLately(id, req.actor.id) : null;
    if (lately) return done(lately.size, lately.evidenceId);
    const upload = req.actor ? await store.getUpload(id).catch(() => null) : null;
    if (!upload || upload.metadata?.uploader !== req.actor.id || upload.size === undefined || upload.offset !== upload.size) return viaTus(req, reply);
    const outcome = await store.exclusive(id, async () => {
      // finished meanwhile by the request we waited for?
      const still = await store.getUpload(id).catch(() => null);
      if (!still || still.offset !== still.size) return null;
      return finishOrRefuse(app, store, { actor: req.actor, audit: req.audit("evidence.upload") }, still);
    });
    const finishedMeanwhile = outcome === null ? store.storedLately(id, req.actor.id) : null;
    if (finishedMeanwhile) return done(finishedMeanwhile.size, finishedMeanwhile.evidenceId);
    reply.header("tus-resumable", "1.0.0").header("cache-control", "no-store");
    if (outcome === null) {
      // busy, or just finished by the other request: the client asks again
      reply.code(423).send();
      return;
    }
    if ("evidenceId" in outcome) return done(upload.size, outcome.evidenceId);
    reply.code(outcome.status).header("x-error-id", outcome.error.id).send();
  };
}

/**
 * PATCH (tus core protocol) on Node streams: the request body goes straight to the hashing
 * store, without @tus/server's Web-stream adapter and proxy streams (a third of the throughput
 * here, decision 005). Creation, HEAD and DELETE stay with @tus/server.
 */
export function patchHandler(app: App, store: EvidenceFileStore) {
  return async (req: FastifyRequest, reply: FastifyReply, id: string): Promise<void> => {
    const send = (status: number, body?: { id: string; message: string }) => {
      reply.code(status).header("tus-resumable", "1.0.0").header("cache-control", "no-store");
      return body ? reply.send({ error: body }) : reply.send();
    };
    if (req.headers["tus-resumable"] !== "1.0.0") return send(412, { id: "evidence_upload_protocol", message: "客户端的 tus 协议版本不受支持" });
    if (req.headers["content-type"] !== "application/offset+octet-stream") return send(415, { id: "evidence_upload_protocol", message: "上传数据的 Content-Type 应为 application/offset+octet-stream" });
    const offsetHeader = String(req.headers["upload-offset"] ?? "");
    if (!/^\d+$/.test(offsetHeader)) return send(400, { id: "evidence_upload_protocol", message: "缺少或无效的 Upload-Offset" });
    const answered = await store.exclusive(id, async () => {
      const upload = await store.getUpload(id).catch(() => null);
      if (!upload || upload.metadata?.uploader !== req.actor.id || upload.size === undefined) return send(404, { id: "evidence_upload_not_found", message: "上传不存在或已结束" });
      if (upload.offset !== Number(offsetHeader)) return send(409, { id: "evidence_upload_offset", message: "上传进度与服务器不一致，请从服务器记录的位置继续" });
      const remaining = upload.size - upload.offset;
      if (Number(req.headers["content-length"] ?? 0) > remaining) return send(413, { id: "evidence_too_large", message: "上传的数据超过声明的文件大小" });
      let offset: number;
      try {
        offset = await store.write(req.raw, id, upload.offset, remaining);
      } catch (e) {
        if (e instanceof TusError) {
          if (e.id === "evidence_bad_type") await store.discard(id);
          return send(e.status_code, { id: e.id, message: e.message });
        }
        // the client went away mid-chunk: what reached the disk stays, HEAD reports it
        if (req.raw.destroyed || req.raw.readableAborted) return reply;
        throw e;
      }
      if (offset === upload.size) {
        upload.offset = offset;
        const outcome = await finishOrRefuse(app, store, { actor: req.actor, audit: req.audit("evidence.upload") }, upload);
        if (!("evidenceId" in outcome)) return send(outcome.status, outcome.error);
        reply.header("x-evidence-id", outcome.evidenceId);
      }
      reply.header("upload-offset", String(offset));
      return send(204);
    });
    if (answered === null) return send(423, { id: "evidence_upload_busy", message: "该文件正在另一个请求中上传，请稍后再试" });
  };
}

export function evidenceTus(app: App, store: EvidenceFileStore): Server {
  const maxSize = app.config.EVIDENCE_MAX_BYTES;
  const options: ConstructorParameters<typeof Server>[0] = {
    path: UPLOAD_PATH,
    datastore: store,
    relativeLocation: true,
    maxSize,
    exposedHeaders: ["X-Evidence-Id"],
    async onUploadCreate(req, upload) {
      const { actor } = callerOf(req);
      if (!evidencePolicy.can(actor, "upload", ownEvidence(actor))) throw new TusError(403, "forbidden", "您没有权限上传证据");
      if (upload.size === undefined) throw new TusError(400, "evidence_size_required", "上传前须声明文件大小");
      if (upload.size === 0) throw new TusError(400, "evidence_empty", "文件为空");
      try {
        const meta = parseMeta(upload.metadata ?? {}, new Date());
        await caseForUpload(app.db, actor, meta.caseRef);
      } catch (e) {
        if (e instanceof MetaError) throw new TusError(400, "evidence_bad_metadata", e.message);
        if (e instanceof AppError) throw new TusError(e.statusCode, e.id, e.message);
        throw e;
      }
      // the upload belongs to its creator: nobody else may continue, read or cancel it
      return { metadata: { ...upload.metadata, uploader: actor.id } };
    },
    async onIncomingRequest(req, uploadId) {
      if (req.method === "POST" || req.method === "OPTIONS") return;
      const { actor } = callerOf(req);
      const upload = await store.getUpload(uploadId).catch(() => null);
      if (!upload || upload.metadata?.uploader !== actor.id) throw new TusError(404, "evidence_upload_not_found", "上传不存在或已结束");
    },
    async onUploadFinish(req, upload) {
      const evidenceId = await finishUpload(app, store, callerOf(req), upload);
      return { headers: { "X-Evidence-Id": evidenceId } };
    },
    async onResponseError(req, err) {
      if (err instanceof TusError) {
        // a file refused by its content: keep nothing of it
        if (err.id === "evidence_bad_type") await store.discard(new URL(req.url).pathname.split("/").pop()!);
        return { status_code: err.status_code, body: err.body };
      }
      const status = (err as { status_code?: number }).status_code ?? 500;
      const mapped: Record<number, [string, string]> = {
        400: ["evidence_upload_protocol", "上传请求无效"],
        403: ["forbidden", "您没有权限执行此操作"],
        404: ["evidence_upload_not_found", "上传不存在或已结束"],
        409: ["evidence_upload_offset", "上传进度与服务器不一致，请从服务器记录的位置继续"],
        410: ["evidence_upload_not_found", "上传已过期"],
        412: ["evidence_upload_protocol", "客户端的 tus 协议版本不受支持"],
        413: ["evidence_too_large", `文件超过允许的最大大小 ${sizeText(maxSize)}`],
        415: ["evidence_upload_protocol", "上传数据的 Content-Type 应为 application/offset+octet-stream"],
        460: ["evidence_hash_mismatch", "文件内容与声明的校验值不一致"],
      };
      const [id, message] = mapped[status] ?? ["internal_error", "服务器内部错误，请稍后再试"];
      if (!mapped[status]) app.log.error({ err }, "evidence upload failed");
      return { status_code: status, body: JSON.stringify({ error: { id, message } }) };
    },
  } satisfies Partial<ServerOptions> & { path: string; datastore: EvidenceFileStore };
  return new Server(options);
}
