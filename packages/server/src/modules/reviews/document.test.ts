import { describe, expect, it } from "vitest";
import { opinionModel } from "./document.ts";
import type { ReviewWithCase } from "./service.ts";

/** The fields the 法制审核意见书 reads from a decided round. */
const round = (submittedAt: string, opinionAt: string) =>
  ({
    caseNumber: "示市监罚〔2026〕00001号",
    caseTitle: "销售过期食品",
    partyName: "示范超市有限公司",
    agencyName: "示范市市场监督管理局",
    round: 1,
    submittedAt: new Date(submittedAt),
    opinionAt: new Date(opinionAt),
    outcome: "agreed",
    opinion: "同意",
    correction: null,
    transferTo: null,
    checklist: [],
    majorBecause: [],
    decision: { measures: ["警告"], amountFen: null },
  }) as unknown as ReviewWithCase;

describe("the opinion document's dates (R-REV-06)", () => {
  it("are Beijing dates: a round submitted and signed before 08:00 Beijing time is dated that day, not the day before (UTC)", () => {
    const model = opinionModel(round("2026-03-01T17:30:00Z", "2026-03-01T23:45:00Z"), { reviewer: "周法制", submitter: "李执法" });
    const fields = model.blocks.find((b) => b.kind === "fields") as { rows: { label: string; value: string }[] };
    expect(fields.rows.find((r) => r.label === "送审时间")!.value).toBe("2026-03-02");
    const signatures = model.blocks.find((b) => b.kind === "signatures") as { items: { label: string; date?: string }[] };
    expect(signatures.items.map((i) => i.date)).toEqual(["2026-03-02", "2026-03-02"]);
  });
});
