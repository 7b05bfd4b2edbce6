/**
 * The ledger's public read API (R-REC-02, R-REC-10), served without login: the latest signed
 * checkpoint and the tiles per C2SP tlog-tiles (prefix /api/ledger, so existing
 * transparency-log tooling can read the log), verifier keys, and JSON inclusion and
 * consistency proofs. Nothing here reveals a case: leaves are salted commitments.
 */
import { Type } from "typebox";
import { fromHex, leafHash, parseTilePath, toBase64, toHex } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { AppError } from "../../core/errors.ts";
import { errorResponses } from "../../core/schemas.ts";
import { sha256 } from "./keys.ts";
import { rows } from "./store.ts";
import { sql } from "drizzle-orm";

const B64 = Type.String({ description: "Base64 (RFC 4648)" });
const tags = ["ledger"];

const ledgerErrors = {
  noCheckpoint: () => new AppError("ledger_no_checkpoint", 404, "账本尚未签发检查点"),
  noCheckpointOfSize: () => new AppError("ledger_checkpoint_not_found", 404, "没有这个大小的检查点：账本只在某些大小签发检查点，请从检查点列表中选择"),
  badSize: (message: string) => new AppError("ledger_bad_size", 400, message),
  badIndex: (message: string) => new AppError("ledger_bad_index", 400, message),
  tileNotFound: () => new AppError("ledger_tile_not_found", 404, "该瓦片不存在（树尚未长到这个大小）"),
  badTilePath: () => new AppError("ledger_bad_tile_path", 400, "瓦片路径无效，应为 tile/<层>/<序号>[.p/<宽度>]"),
  badCommitment: () => new AppError("ledger_bad_commitment", 400, "承诺值应为 64 位十六进制"),
};

export default async function ledgerRoutes(app: App) {
  const ledger = app.ledger;

  async function latestSize(): Promise<number> {
    const cp = await ledger.latestCheckpoint();
    if (!cp) throw ledgerErrors.noCheckpoint();
    return cp.size;
  }

  app.get(
    "/ledger/checkpoint",
    { config: { public: true }, schema: { tags, summary: "最新检查点（C2SP tlog-checkpoint 签名文本，Ed25519 + SM2）", produces: ["text/plain"], response: { 200: Type.String(), ...errorResponses } } },
    async (_req, reply) => {
      const cp = await ledger.latestCheckpoint();
      if (!cp) throw ledgerErrors.noCheckpoint();
      return reply.header("content-type", "text/plain; charset=utf-8").header("cache-control", "public, max-age=2").send(cp.note);
    },
  );

  // the history of signed checkpoints (issue "public portal": transparency of the platform itself)
  const CheckpointItem = Type.Object({
    size: Type.Integer({ description: "树的大小（叶子数）" }),
    rootHex: Type.String({ description: "根哈希（十六进制）" }),
    createdAt: Type.String({ format: "date-time" }),
  });
  app.get(
    "/ledger/checkpoints",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "已签发的检查点（由新到旧）；before 为上一页最后一项的 size",
        querystring: Type.Object({
          before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(CheckpointItem), next: Type.Union([Type.Integer(), Type.Null()], { description: "下一页的 before；没有更早的为 null" }) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { before, limit } = req.query as { before?: number; limit: number };
      const found = await ledger.checkpoints(before ?? null, limit + 1);
      const items = found.slice(0, limit);
      reply.header("cache-control", "public, max-age=2");
      return { items: items.map((c) => ({ size: c.size, rootHex: toHex(c.root), createdAt: c.createdAt.toISOString() })), next: found.length > limit ? items[items.length - 1]!.size : null };
    },
  );

  app.get(
    "/ledger/checkpoints/:size",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "某一大小的已签发检查点（签名文本）",
        produces: ["text/plain"],
        params: Type.Object({ size: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) }),
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const cp = await ledger.checkpointAt((req.params as { size: number }).size);
      if (!cp) throw ledgerErrors.noCheckpointOfSize();
      // a signed checkpoint never changes
      return reply.header("content-type", "text/plain; charset=utf-8").header("cache-control", "public, max-age=31536000, immutable").send(cp.note);
    },
  );

  app.get(
    "/ledger/keys",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "账本公钥（验证检查点签名用）",
        response: { 200: Type.Object({ origin: Type.String(), keys: Type.Array(Type.Object({ algorithm: Type.String(), vkey: Type.String() })) }) },
      },
    },
    async (_req, reply) => {
      reply.header("cache-control", "public, max-age=300");
      return { origin: ledger.origin, keys: ledger.options.signing.verifiers.map((v, i) => ({ algorithm: v.algorithm, vkey: ledger.options.signing.vkeys[i]! })) };
    },
  );

  app.get(
    "/ledger/tile/*",
    { config: { public: true }, schema: { tags, summary: "瓦片与条目包（C2SP tlog-tiles）", produces: ["application/octet-stream"], params: Type.Object({ "*": Type.String() }), response: { ...errorResponses } } },
    async (req, reply) => {
      const parsed = parseTilePath(req.params["*"]);
      if (!parsed) throw ledgerErrors.badTilePath();
      const data = parsed.level === "entries" ? await ledger.entryBundle(parsed.index, parsed.width) : await ledger.tile(parsed.level, parsed.index, parsed.width);
      if (!data) throw ledgerErrors.tileNotFound();
      return reply.header("content-type", "application/octet-stream").header("cache-control", "public, max-age=31536000, immutable").send(Buffer.from(data) as never);
    },
  );

  app.get(
    "/ledger/proof/inclusion",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "包含证明（RFC 9162）：第 index 个叶子在大小为 size 的树中",
        querystring: Type.Object({ index: Type.Integer({ minimum: 0 }), size: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: Type.Object({ index: Type.Integer(), size: Type.Integer(), leafHash: B64, proof: Type.Array(B64), checkpoint: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (req) => {
      const latest = await latestSize();
      const size = req.query.size ?? latest;
      if (size > latest) throw ledgerErrors.badSize(`树大小 ${size} 超过最新检查点的大小 ${latest}`);
      if (req.query.index >= size) throw ledgerErrors.badIndex(`叶子序号 ${req.query.index} 超出树的大小 ${size}`);
      const [proof, leaf, cp] = await Promise.all([ledger.inclusionProof(req.query.index, size), ledger.leafHash(req.query.index), ledger.checkpointAt(size)]);
      return { index: req.query.index, size, leafHash: toBase64(leaf), proof: proof.map(toBase64), checkpoint: cp?.note ?? null };
    },
  );

  app.get(
    "/ledger/proof/consistency",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "一致性证明（RFC 9162）：大小为 to 的树只是在大小为 from 的树后追加",
        querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: Type.Object({ from: Type.Integer(), to: Type.Integer(), proof: Type.Array(B64), checkpoint: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (req) => {
      const latest = await latestSize();
      const to = req.query.to ?? latest;
      if (to > latest) throw ledgerErrors.badSize(`树大小 ${to} 超过最新检查点的大小 ${latest}`);
      if (req.query.from > to) throw ledgerErrors.badSize(`旧树大小 ${req.query.from} 不能大于新树大小 ${to}`);
      const [proof, cp] = await Promise.all([ledger.consistencyProof(req.query.from, to), ledger.checkpointAt(to)]);
      return { from: req.query.from, to, proof: proof.map(toBase64), checkpoint: cp?.note ?? null };
    },
  );

  app.get(
    "/ledger/leaf/:commitment",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "按承诺值查叶子序号（未入账时 index 为 null）",
        params: Type.Object({ commitment: Type.String() }),
        response: { 200: Type.Object({ commitment: Type.String(), index: Type.Union([Type.Integer(), Type.Null()]), leafHash: B64 }), ...errorResponses },
      },
    },
    async (req) => {
      const c = /^[0-9a-fA-F]{64}$/.test(req.params.commitment) ? fromHex(req.params.commitment) : null;
      if (!c) throw ledgerErrors.badCommitment();
      const [row] = await rows<{ idx: number | string | null }>(app.db, sql`select l.idx from ledger_entries e left join ledger_leaves l on l.entry_id = e.id where e.commitment = ${Buffer.from(c)}`);
      if (!row) throw new AppError("not_found", 404, "账本中没有这个承诺值");
      const leaf = leafHash(sha256, c);
      return { commitment: toHex(c), index: row.idx === null ? null : Number(row.idx), leafHash: toBase64(leaf) };
    },
  );

}
