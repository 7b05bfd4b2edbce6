import { describe, expect, it } from "vitest";
import {
  DOC_BLANK,
  CASE_TEMPLATES,
  CASE_TEMPLATE_KINDS,
  DOCUMENT_TEXT_MAX,
  SERVICE_METHOD_LABELS,
  ON_SITE_SIGNERS,
  buildCaseDocument,
  chineseDate,
  collectSignatures,
  unprintedSignatures,
  decisionMeasureLines,
  prefillTexts,
  templatesForWorkflow,
  validateDocumentTexts,
  yuanInWords,
  type CaseDocData,
  type CaseTemplateKind,
} from "./case-documents.ts";
import { documentPlainText } from "./document-model.ts";
import { COERCION_SEIZURE, INSPECTION, PENALTY_GENERAL, PENALTY_SIMPLE, PERMIT, builtInWorkflows } from "./workflow.ts";
import { DOC_KIND_LABELS, isDocKind } from "./workflow.ts";

const GENERATED_AT = "2026-01-05T01:30:00.000Z";

const full: CaseDocData = {
  agencyName: "示范市市场监督管理局",
  caseNumber: "示市监罚〔2026〕00001号",
  caseTitle: "销售过期食品",
  sourceLabel: "投诉举报",
  sourceDetail: "消费者投诉超市销售过期牛奶",
  openedOn: "2026-01-02",
  party: { type: "org", name: "示范超市有限公司", idNo: "91330100MA2XXXXX1A", address: "幸福路 8 号", phone: "0571-12345678" },
  officers: [
    { name: "李执法", certNumber: "9901000001", role: "lead" },
    { name: "王执法", certNumber: "9901000002", role: "member" },
  ],
  decision: { measures: ["警告", "罚款"], amountFen: 500_000, tierLabel: "330217001000 第1阶次：初次违法，危害较小", discretionReason: "初次违法，主动改正", outsideTierReason: null },
  lastDocument: { title: "行政处罚决定书", number: "示市监罚〔2026〕00001号" },
};

/** Only what a case always has. */
const bare: CaseDocData = {
  agencyName: "示范市市场监督管理局",
  caseNumber: "示市监罚〔2026〕00002号",
  caseTitle: "无照经营",
  party: { type: "person", name: "张三" },
  officers: [],
};

/** A distinct text for every editable field (choices take their last option). */
function editedTexts(kind: CaseTemplateKind): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of CASE_TEMPLATES[kind].editable) out[f.key] = f.options ? f.options.at(-1)!.value : `【${kind}.${f.key} 的编辑内容】`;
  return out;
}

describe("templates", () => {
  it("one versioned template per standard document, with its editable fields", () => {
    expect(CASE_TEMPLATE_KINDS).toHaveLength(20);
    for (const kind of CASE_TEMPLATE_KINDS) {
      const t = CASE_TEMPLATES[kind];
      expect(t.kind).toBe(kind);
      expect(isDocKind(kind)).toBe(true);
      expect(t.title).toBe(DOC_KIND_LABELS[kind]);
      expect(t.version).toBeGreaterThanOrEqual(1);
      expect(t.legalBasis).toMatch(/《.+》/);
      expect(t.editable.length).toBeGreaterThan(0);
      const keys = t.editable.map((f) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const f of t.editable) {
        expect(f.label).not.toBe("");
        if (f.options && f.default) expect(f.options.map((o) => o.value)).toContain(f.default);
      }
    }
  });

  it("uses the statutory wording for rights and time limits", () => {
    const remedy = CASE_TEMPLATES.penalty_decision.editable.find((f) => f.key === "remedy")!.default!;
    expect(remedy).toContain("六十日");
    expect(remedy).toContain("六个月");
    const notice = CASE_TEMPLATES.penalty_notice.editable;
    expect(notice.find((f) => f.key === "statementRights")!.default).toMatch(/陈述、申辩/);
    expect(notice.find((f) => f.key === "hearingRights")!.default).toMatch(/第六十四条.*五个工作日/);
    expect(CASE_TEMPLATES.simple_decision.legalBasis).toContain("第五十一条、第五十二条");
    expect(CASE_TEMPLATES.service_proof.editable.find((f) => f.key === "method")!.options!.map((o) => o.label)).toEqual(["直接送达", "留置送达", "邮寄送达", "公告送达", "电子送达"]);
  });

  it("offers each workflow the documents its stages require, plus the general ones", () => {
    const kinds = (def: Parameters<typeof templatesForWorkflow>[0]) => templatesForWorkflow(def).map((t) => t.template.kind);
    expect(kinds(PENALTY_GENERAL)).toEqual(["filing_approval", "site_inspection", "inquiry", "pre_registration", "seizure_decision", "case_report", "penalty_notice", "statement", "hearing_notice", "hearing_report", "penalty_decision", "service_proof", "closing_approval"]);
    expect(kinds(PENALTY_SIMPLE)).toEqual(["site_inspection", "inquiry", "statement", "simple_decision", "service_proof"]);
    // its 期限内处理 ends in a release, a penalty decision or another decision
    expect(kinds(COERCION_SEIZURE)).toEqual(["filing_approval", "site_inspection", "inquiry", "seizure_decision", "seizure_release", "penalty_decision", "generic_decision", "service_proof", "closing_approval"]);
    expect(kinds(INSPECTION)).toEqual(["inspection_notice", "site_inspection", "inquiry", "pre_registration", "inspection_result", "service_proof"]);
    expect(kinds(PERMIT)).toEqual(["permit_acceptance", "site_inspection", "inquiry", "permit_decision", "service_proof"]);
    // every document a built-in workflow's stages require has its template (R-CASE-06: the standard 文书 of each workflow)
    for (const def of builtInWorkflows()) for (const s of def.stages) for (const d of s.documents ?? []) for (const k of Array.isArray(d) ? d : [d]) if (k !== "payment_record" && k !== "other") expect(k in CASE_TEMPLATES, `${def.key} ${s.key} ${k}`).toBe(true);
    const general = templatesForWorkflow(PENALTY_GENERAL);
    expect(general.find((t) => t.template.kind === "filing_approval")!.requiredIn).toEqual(["立案"]);
    expect(general.find((t) => t.template.kind === "pre_registration")!.requiredIn).toEqual([]);
    // every built-in workflow can produce every template it requires
    for (const def of builtInWorkflows()) {
      const offered = new Set(kinds(def));
      for (const s of def.stages) for (const d of s.documents ?? []) for (const k of Array.isArray(d) ? d : [d]) if (k in CASE_TEMPLATES) expect(offered.has(k as CaseTemplateKind), `${def.key} ${k}`).toBe(true);
    }
  });
});

describe("buildCaseDocument", () => {
  it.each(CASE_TEMPLATE_KINDS)("%s: the case number, party, title and the edited texts are in the document", (kind) => {
    const texts = editedTexts(kind);
    const model = buildCaseDocument(kind, full, texts, { generatedAt: GENERATED_AT });
    const text = documentPlainText(model);
    expect(model.title).toBe(CASE_TEMPLATES[kind].title);
    expect(model.agencyName).toBe("示范市市场监督管理局");
    expect(model.generatedAt).toBe(GENERATED_AT);
    expect(text).toContain("示市监罚〔2026〕00001号");
    expect(text).toContain("示范超市有限公司");
    expect(text).toContain(CASE_TEMPLATES[kind].title);
    for (const f of CASE_TEMPLATES[kind].editable) {
      if (f.options) expect(text, f.key).toContain(f.options.at(-1)!.label);
      else expect(text, f.key).toContain(texts[f.key]);
    }
    expect(text).not.toMatch(/undefined|null|NaN|\[object/);
    // deterministic
    expect(buildCaseDocument(kind, full, texts, { generatedAt: GENERATED_AT })).toEqual(model);
  });

  it.each(CASE_TEMPLATE_KINDS)("%s: missing optional data and texts never print undefined or null", (kind) => {
    for (const data of [bare, { ...bare, party: { type: "org", name: "某公司", idNo: null, address: null, phone: null }, decision: { measures: null, amountFen: null, tierLabel: null, discretionReason: null, outsideTierReason: null }, lastDocument: null, openedOn: null, sourceLabel: null, sourceDetail: null }] as CaseDocData[]) {
      const model = buildCaseDocument(kind, data, {}, { generatedAt: GENERATED_AT });
      const text = documentPlainText(model);
      expect(text).not.toMatch(/undefined|null|NaN|\[object/);
      expect(text).toContain(data.caseNumber);
      expect(text).toContain(data.party.name);
      expect(JSON.stringify(model)).not.toMatch(/undefined|null/);
    }
  });

  it("the documents of the other workflows say what their statutes require (行政许可, 行政检查, 行政强制, 陈述申辩, 听证, 调查终结)", () => {
    const textOf = (kind: CaseTemplateKind, texts: Record<string, string>) => documentPlainText(buildCaseDocument(kind, full, texts, { generatedAt: GENERATED_AT }));
    // 行政许可: granted → the certificate within ten days; denied → the reasons, no certificate; rights either way
    const granted = textOf("permit_decision", { matter: "食品经营许可", examination: "申请材料齐全，现场核查符合条件。", basis: "《中华人民共和国食品安全法》第三十五条", content: "准予从事食品销售经营，有效期五年。" });
    expect(granted).toContain("本机关决定准予行政许可");
    expect(granted).toContain("十日内向你单位颁发、送达行政许可证件");
    expect(granted).toContain("六十日");
    const denied = textOf("permit_decision", { matter: "食品经营许可", outcome: "deny", examination: "现场核查发现经营场所不符合要求。", basis: "《中华人民共和国食品安全法》第三十五条", content: "经营场所与有毒、有害场所的距离不符合要求。" });
    expect(denied).toContain("本机关决定不予行政许可");
    expect(denied).toContain("不予许可的理由：经营场所与有毒、有害场所的距离不符合要求");
    expect(denied).not.toContain("颁发");
    const accepted = textOf("permit_acceptance", { matter: "食品经营许可", appliedOn: "2026年1月5日", materials: "申请书 1份\n营业执照复印件 1份" });
    expect(accepted).toContain("二十个工作日内作出行政许可决定");
    expect(accepted).toContain("营业执照复印件 1份");
    // 行政检查: the conclusion decides the closing sentences
    const rectify = textOf("inspection_result", { time: "2026年1月12日", findings: "冷藏柜温度记录缺失。", result: "rectify", requirement: "7日内补全温度记录。" });
    expect(rectify).toContain("检查结论：发现问题，责令限期改正。");
    expect(rectify).toContain("逾期不改正的，本机关将依法处理");
    const clean = textOf("inspection_result", { time: "2026年1月12日", findings: "未见异常。" });
    expect(clean).toContain("检查结论：未发现违法违规问题。");
    expect(clean).not.toContain("逾期不改正");
    expect(textOf("inspection_notice", { basis: "《中华人民共和国食品安全法》第一百一十条", scope: "食品进货查验记录", time: "2026年1月12日上午" })).toMatch(/不少于两人.*出示执法证件/);
    // 行政强制: the ground of 第二十八条 and the list of what is released
    const released = textOf("seizure_release", { ground: "no_violation", items: "牛奶 20盒\n酸奶 10盒", original: "示市监强〔2026〕1号" });
    expect(released).toContain("鉴于当事人没有违法行为，依据《中华人民共和国行政强制法》第二十八条的规定");
    expect(released).toContain("以示市监强〔2026〕1号");
    expect(released).toContain("酸奶 10盒");
    // 陈述申辩: the rights told, nothing heavier for speaking up (第四十五条)
    expect(textOf("statement", { person: "王某", content: "当事人称已主动召回。" })).toContain("不因陈述、申辩而给予更重的处罚");
    expect(textOf("hearing_report", { time: "2026年1月20日", place: "本机关听证室", presider: "赵某", process: "调查人员出示证据，当事人质证。", opinion: "建议维持拟处罚意见。" })).toContain("第五十七条");
    expect(textOf("case_report", { facts: "当事人销售过期牛奶。", evidence: "现场检查笔录。", violated: "《中华人民共和国食品安全法》第三十四条", basis: "《中华人民共和国食品安全法》第一百二十四条" })).toContain("应当予以处理");
  });

  it("the penalty decision: 文号, party, decision with the amount in words, discretion, rights and the issuing agency's date", () => {
    const texts = { facts: "当事人销售超过保质期的牛奶 20 盒。", evidence: "1. 现场检查笔录；\n2. 询问笔录。", violated: "《中华人民共和国食品安全法》第三十四条第（十）项", basis: "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项" };
    const model = buildCaseDocument("penalty_decision", full, texts, { generatedAt: GENERATED_AT });
    expect(model.number).toBe("示市监罚〔2026〕00001号");
    const text = documentPlainText(model);
    expect(text).toContain("当事人：示范超市有限公司\n统一社会信用代码：91330100MA2XXXXX1A\n住所：幸福路 8 号");
    expect(text).toContain("你单位涉嫌销售过期食品一案，本机关于2026年1月2日立案调查");
    expect(text).toContain("1. 警告；\n2. 罚款人民币5000.00元（大写：伍仟元整）。");
    expect(text).toContain("适用裁量阶次：330217001000 第1阶次：初次违法，危害较小。");
    expect(text).toContain("裁量说明：初次违法，主动改正");
    expect(text).toContain("六十日内依法申请行政复议");
    expect(text).toContain("十五日内");
    expect(text).toContain("示范市市场监督管理局（印章）\n2026年1月5日");
    // a decision without a fine amount leaves a line to fill in, and the phone stays off a published decision
    const noAmount = documentPlainText(buildCaseDocument("penalty_decision", { ...full, decision: { measures: ["罚款"], amountFen: null } }, texts, { generatedAt: GENERATED_AT }));
    expect(noAmount).toContain(`罚款人民币${DOC_BLANK}元`);
    expect(text).not.toContain("0571-12345678");
  });

  it("the notice: an officer may drop the hearing rights where they do not apply; a person is addressed as 你", () => {
    const withHearing = documentPlainText(buildCaseDocument("penalty_notice", bare, {}, { generatedAt: GENERATED_AT }));
    expect(withHearing).toContain("要求举行听证");
    expect(withHearing).toContain("张三：");
    expect(withHearing).toContain("对你涉嫌无照经营一案立案调查");
    expect(withHearing).toContain(DOC_BLANK);
    const without = documentPlainText(buildCaseDocument("penalty_notice", bare, { hearingRights: "" }, { generatedAt: GENERATED_AT }));
    expect(without).not.toContain("听证");
  });

  it("texts fall back to the prefill from the case, then the standard text; officers, signatures and the service method", () => {
    const inquiry = documentPlainText(buildCaseDocument("inquiry", { ...bare, party: { type: "person", name: "张三", idNo: "110101199003077777", phone: "13800000000" } }, {}, { generatedAt: GENERATED_AT }));
    expect(inquiry).toContain("被询问人：张三");
    expect(inquiry).toContain("身份证件号码：110101199003077777");
    expect(inquiry).toContain("就无照经营一案向你进行调查询问");
    const inspection = documentPlainText(buildCaseDocument("site_inspection", full, { findings: "货架上有过期牛奶。" }, { generatedAt: GENERATED_AT, signatures: { officers: [{ name: "李执法" }], party: { name: "赵经理", date: "2026年1月5日" } } }));
    expect(inspection).toContain("执法人员：李执法（执法证号：9901000001）、王执法（执法证号：9901000002）");
    expect(inspection).toContain("检查地点：幸福路 8 号");
    expect(inspection).toContain("我们是示范市市场监督管理局的执法人员");
    expect(inspection).toContain("当事人（现场负责人）：赵经理 2026年1月5日");
    expect(inspection).toContain("执法人员：李执法");
    const proof = buildCaseDocument("service_proof", full, { method: "lodged" }, { generatedAt: GENERATED_AT });
    const proofText = documentPlainText(proof);
    expect(proofText).toContain("送达文书名称及文号：《行政处罚决定书》（示市监罚〔2026〕00001号）");
    expect(proofText).toContain(`送达方式：${SERVICE_METHOD_LABELS.lodged}`);
    expect(proofText).toContain("见证人");
    expect(proof.footer).toContain("拒绝接收");
  });
});

describe("prefillTexts", () => {
  it("takes the case's data, then the latest values of earlier documents, then the standard text", () => {
    const earlier = { facts: "告知书中的违法事实", evidence: "告知书中的证据", discretion: "旧的裁量说明" };
    const p = prefillTexts("penalty_decision", full, earlier);
    expect(p.facts).toBe("告知书中的违法事实");
    expect(p.evidence).toBe("告知书中的证据");
    expect(p.discretion).toBe("初次违法，主动改正");
    expect(p.payment).toContain("你单位应当自收到本决定书之日起十五日内");
    expect(p.violated).toBe("");
    expect(Object.keys(p)).toEqual(CASE_TEMPLATES.penalty_decision.editable.map((f) => f.key));
    expect(prefillTexts("closing_approval", full, earlier).summary).toBe("告知书中的违法事实");
    expect(prefillTexts("service_proof", full).recipient).toBe("示范超市有限公司");
    expect(prefillTexts("service_proof", full).method).toBe("direct");
    expect(prefillTexts("penalty_notice", bare).statementRights).toContain("你对本机关拟作出的行政处罚享有陈述、申辩的权利");
  });
});

describe("validateDocumentTexts", () => {
  it("accepts complete texts", () => {
    for (const kind of CASE_TEMPLATE_KINDS) expect(validateDocumentTexts(kind, editedTexts(kind)), kind).toEqual([]);
  });

  it("refuses an unknown kind, unknown fields, non-text values, too long texts and bad choices", () => {
    expect(validateDocumentTexts("nonsense", {})).toEqual([{ field: "kind", message: "没有这种文书的模板" }]);
    const texts = { ...editedTexts("penalty_decision"), extra: "x", facts: 42 as unknown as string, evidence: "证".repeat(DOCUMENT_TEXT_MAX + 1) };
    const problems = validateDocumentTexts("penalty_decision", texts);
    expect(problems.map((p) => p.field).sort()).toEqual(["texts.evidence", "texts.extra", "texts.facts"]);
    expect(problems.find((p) => p.field === "texts.evidence")!.message).toContain("20000");
    expect(validateDocumentTexts("service_proof", { ...editedTexts("service_proof"), method: "pigeon" })).toEqual([{ field: "texts.method", message: expect.stringContaining("直接送达") }]);
    expect(validateDocumentTexts("service_proof", { ...editedTexts("service_proof"), method: "" }).map((p) => p.field)).toEqual(["texts.method"]);
  });

  it("refuses required fields left empty; a field left out counts with its standard text", () => {
    const problems = validateDocumentTexts("penalty_notice", { facts: "  ", statementRights: "" });
    expect(problems.map((p) => p.field)).toEqual(["texts.facts", "texts.evidence", "texts.violated", "texts.basis", "texts.statementRights"]);
    expect(problems[0]!.message).toBe("请填写“违法事实”");
    // optional ones may be empty; a required one with a standard text may be left out
    const { statementRights: _, ...rest } = editedTexts("penalty_notice");
    expect(validateDocumentTexts("penalty_notice", { ...rest, hearingRights: "", contact: "" })).toEqual([]);
  });
});

describe("amounts", () => {
  it("writes amounts in capital numerals (大写)", () => {
    expect(yuanInWords(0)).toBe("零元整");
    expect(yuanInWords(500_000)).toBe("伍仟元整");
    expect(yuanInWords(1_000)).toBe("壹拾元整");
    expect(yuanInWords(1_000_100)).toBe("壹万零壹元整");
    expect(yuanInWords(101_000)).toBe("壹仟零壹拾元整");
    expect(yuanInWords(1_000_000_000)).toBe("壹仟万元整");
    expect(yuanInWords(10_000_000_100)).toBe("壹亿零壹元整");
    expect(yuanInWords(1_234_567)).toBe("壹万贰仟叁佰肆拾伍元陆角柒分");
    expect(yuanInWords(10_005)).toBe("壹佰元零伍分");
    expect(yuanInWords(50)).toBe("伍角整");
    expect(yuanInWords(1_050_000)).toBe("壹万零伍佰元整");
    expect(() => yuanInWords(-1)).toThrow(RangeError);
    expect(() => yuanInWords(1.5)).toThrow(RangeError);
  });

  it("lists the decision's measures, adding a fine not named among them", () => {
    expect(decisionMeasureLines({ measures: ["没收违法所得"], amountFen: 20_000 })).toEqual(["没收违法所得", "罚款人民币200.00元（大写：贰佰元整）"]);
    expect(decisionMeasureLines(null)).toEqual([]);
    expect(decisionMeasureLines({ measures: ["警告", " "], amountFen: null })).toEqual(["警告"]);
  });

  it("dates in Chinese", () => {
    expect(chineseDate("2026-01-05")).toBe("2026年1月5日");
    expect(chineseDate(null)).toContain("年");
  });
});

describe("signatures captured on site", () => {
  const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, n]);

  it("prints the party's (or recipient's), the officers' and a witness's signatures, dated the document's date", () => {
    const inputs = [
      { role: "party" as const, name: " 赵经理 ", image: png(1) },
      { role: "officer" as const, name: "李执法", image: png(2) },
      { role: "officer" as const, name: "王执法", image: png(3) },
      { role: "witness" as const, name: "社区代表", image: png(4) },
    ];
    const { signatures, problems } = collectSignatures(inputs, GENERATED_AT);
    expect(problems).toEqual([]);
    expect(signatures.party).toEqual({ name: "赵经理", date: "2026年1月5日", image: inputs[0]!.image });
    expect(signatures.officers?.map((o) => o.name)).toEqual(["李执法", "王执法"]);
    const model = buildCaseDocument("site_inspection", full, {}, { generatedAt: GENERATED_AT, signatures });
    expect(unprintedSignatures(model, inputs)).toEqual([]);
    const text = documentPlainText(model);
    expect(text).toContain("当事人（现场负责人）：赵经理 2026年1月5日");
    expect(text).toContain("见证人：社区代表 2026年1月5日");
    // a 询问笔录 has no witness line; a 送达回证 only for a 留置送达
    expect(unprintedSignatures(buildCaseDocument("inquiry", full, {}, { generatedAt: GENERATED_AT, signatures }), inputs)).toEqual([3]);
    const recipient = [{ role: "recipient" as const, name: "赵经理", image: png(5) }, inputs[3]!];
    const proof = collectSignatures(recipient, GENERATED_AT).signatures;
    expect(unprintedSignatures(buildCaseDocument("service_proof", full, { method: "direct" }, { generatedAt: GENERATED_AT, signatures: proof }), recipient)).toEqual([1]);
    expect(unprintedSignatures(buildCaseDocument("service_proof", full, { method: "lodged" }, { generatedAt: GENERATED_AT, signatures: proof }), recipient)).toEqual([]);
    expect(documentPlainText(buildCaseDocument("service_proof", full, { method: "lodged" }, { generatedAt: GENERATED_AT, signatures: proof }))).toContain("收件人：赵经理 2026年1月5日");
    // documents issued to the party print no party signature
    expect(unprintedSignatures(buildCaseDocument("penalty_decision", full, {}, { generatedAt: GENERATED_AT, signatures }), inputs)).toEqual([0, 1, 2, 3]);
  });

  it("refuses a missing name and a party or witness signing twice", () => {
    const { problems } = collectSignatures(
      [
        { role: "party", name: " ", image: png(1) },
        { role: "recipient", name: "赵经理", image: png(2) },
        { role: "witness", name: "甲", image: png(3) },
        { role: "witness", name: "乙", image: png(4) },
        { role: "officer", name: "李".repeat(51), image: png(5) },
      ],
      GENERATED_AT,
    );
    expect(problems.map((p) => p.field)).toEqual(["signatures.0.name", "signatures.1.role", "signatures.3.role", "signatures.4.name"]);
  });

  it("offers pads for the on-site 笔录 and the 送达回证, naming the signer from the document's fields", () => {
    expect(Object.keys(ON_SITE_SIGNERS).sort()).toEqual(["inquiry", "service_proof", "site_inspection", "statement"]);
    for (const [kind, signers] of Object.entries(ON_SITE_SIGNERS)) {
      const keys = new Set(CASE_TEMPLATES[kind as CaseTemplateKind].editable.map((f) => f.key));
      for (const s of signers) {
        if (s.nameFrom) expect(keys.has(s.nameFrom), `${kind}.${s.nameFrom}`).toBe(true);
        if (s.onlyIf) expect(keys.has(s.onlyIf.key)).toBe(true);
      }
      expect(signers.some((s) => s.role === "officer")).toBe(true);
    }
  });
});
