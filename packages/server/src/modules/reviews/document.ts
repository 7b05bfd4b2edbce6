import crypto from "node:crypto";
import { CHECK_RESULT_LABELS, REVIEW_CHECKS, REVIEW_OUTCOME_LABELS, dateInShanghai, formatYuan, type DocModel } from "@zhifa/domain";
import { renderDocx, renderPdf } from "../documents/render.ts";
import type { ReviewWithCase } from "./service.ts";

/** 法制审核意见书 (R-REV-06, R-REV-10) from the round as decided. */
export function opinionModel(r: ReviewWithCase, names: { reviewer: string; submitter: string }): DocModel {
  const d = r.decision;
  const measures = [...(d?.measures ?? []), d?.amountFen != null ? `罚款 ${formatYuan(d.amountFen)} 元` : ""].filter(Boolean).join("；");
  const outcome = r.outcome ? REVIEW_OUTCOME_LABELS[r.outcome as keyof typeof REVIEW_OUTCOME_LABELS] : "";
  const at = r.opinionAt ?? new Date(0);
  const blocks: DocModel["blocks"] = [
    {
      kind: "fields",
      rows: [
        { label: "案号", value: r.caseNumber },
        { label: "案由", value: r.caseTitle },
        { label: "当事人", value: r.partyName },
        { label: "审核轮次", value: `第 ${r.round} 轮` },
        { label: "送审时间", value: dateInShanghai(r.submittedAt) },
        { label: "送审人", value: names.submitter },
        { label: "拟作出的决定", value: measures || "—" },
        { label: "属于重大执法决定的情形", value: r.majorBecause.join("；") || "—" },
      ],
    },
    { kind: "heading", text: "一、审核要点" },
    {
      kind: "table",
      header: ["序号", "审核事项", "结论", "说明"],
      rows: REVIEW_CHECKS.map((c, i) => {
        const item = r.checklist.find((x) => x.key === c.key);
        return [String(i + 1), c.label, item?.result ? CHECK_RESULT_LABELS[item.result] : "—", item?.note ?? ""];
      }),
    },
    { kind: "heading", text: "二、审核意见" },
    { kind: "paragraph", text: `审核结论：${outcome}。` },
    { kind: "paragraph", text: r.opinion ?? "" },
  ];
  if (r.correction) blocks.push({ kind: "paragraph", text: `纠正意见：${r.correction}` });
  if (r.transferTo) blocks.push({ kind: "paragraph", text: `建议移送：${r.transferTo}` });
  blocks.push({
    kind: "signatures",
    items: [
      { label: "审核人员", name: names.reviewer, date: dateInShanghai(at) },
      { label: "法制机构（盖章）", date: dateInShanghai(at) },
    ],
  });
  return {
    agencyName: r.agencyName,
    title: "重大执法决定法制审核意见书",
    number: `${r.caseNumber} 审字第 ${r.round} 号`,
    blocks,
    footer: "本意见书入卷归档。承办机构对审核意见有异议的，可以提请机关负责人决定。",
    generatedAt: at.toISOString(),
  };
}

export async function opinionDocx(r: ReviewWithCase, names: { reviewer: string; submitter: string }): Promise<{ bytes: Buffer; sha256: string }> {
  const bytes = await renderDocx(opinionModel(r, names));
  return { bytes, sha256: crypto.createHash("sha256").update(bytes).digest("hex") };
}

export async function opinionPdf(r: ReviewWithCase, names: { reviewer: string; submitter: string }): Promise<Buffer> {
  return renderPdf(opinionModel(r, names));
}
