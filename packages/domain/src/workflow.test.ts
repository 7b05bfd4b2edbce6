import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ACTION_TYPES, ROLES } from "./enums.ts";
import type { Role } from "./enums.ts";
import {
  COERCION_SEIZURE,
  DEFAULT_BACKFILL_TOLERANCE_HOURS,
  DOC_KINDS,
  INSPECTION,
  PENALTY_GENERAL,
  PENALTY_SIMPLE,
  PERMIT,
  PHASES,
  avRequirement,
  backfillFlags,
  builtInWorkflows,
  evaluateAdvance,
  isDocKind,
  missingDocuments,
  stageOf,
  validateWorkflow,
} from "./workflow.ts";
import type { CaseFacts, DocKind, GateCode, StageDef, WorkflowDefinition } from "./workflow.ts";

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function stage(key: string, next: string[], over: Partial<StageDef> = {}): StageDef {
  return { key, name: key, phase: "start", actors: ["officer"], next, ...over };
}

/** A minimal valid definition: a → b (final). */
function mk(stages: StageDef[] = [stage("a", ["b"]), stage("b", [])], over: Partial<WorkflowDefinition> = {}): WorkflowDefinition {
  return { key: "test.flow", version: 1, name: "测试流程", actionType: "penalty", stages, ...over };
}

function must(def: WorkflowDefinition, key: string): StageDef {
  const s = stageOf(def, key);
  if (!s) throw new Error(`no stage ${key} in ${def.key}`);
  return s;
}

const docs = (...kinds: DocKind[]): ReadonlySet<DocKind> => new Set(kinds);

/** Facts under which the given stage of the built-in definitions may be completed. */
function facts(stageKey: string, over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    status: "open",
    stage: stageKey,
    documents: docs(...DOC_KINDS),
    team: { qualified: 2, problems: [] },
    avFiles: 0,
    avException: null,
    ...over,
  };
}

const officer = { roles: ["officer"] as Role[] };
const unitLead = { roles: ["unit_lead"] as Role[] };
const head = { roles: ["agency_head"] as Role[] };

describe("builtInWorkflows (R-CASE-01, R-GEN-01)", () => {
  const all = builtInWorkflows();

  it.each(all.map((d) => [d.key, d] as const))("%s passes validateWorkflow", (_key, def) => {
    expect(validateWorkflow(def)).toEqual([]);
  });

  it("has one definition per action type plus the simple penalty procedure, keys unique (R-GEN-01)", () => {
    expect(all).toHaveLength(ACTION_TYPES.length + 1);
    expect(new Set(all.map((d) => d.key)).size).toBe(all.length);
    for (const t of ACTION_TYPES) {
      const ofType = all.filter((d) => d.actionType === t);
      if (t === "penalty") expect(ofType.map((d) => d.procedure).sort()).toEqual(["general", "simple"]);
      else expect(ofType).toHaveLength(1);
    }
    expect(all.map((d) => d.key)).toEqual(expect.arrayContaining([PENALTY_GENERAL.key, PENALTY_SIMPLE.key, COERCION_SEIZURE.key, INSPECTION.key, PERMIT.key]));
  });

  it("uses only valid document kinds, roles and phases in every stage (R-CASE-06)", () => {
    for (const def of all) {
      for (const s of def.stages) {
        for (const d of s.documents ?? []) {
          const list = Array.isArray(d) ? d : [d];
          expect(list.length, `${def.key}/${s.key}`).toBeGreaterThan(0);
          for (const k of list) expect(isDocKind(k), `${def.key}/${s.key}: ${k}`).toBe(true);
        }
        for (const r of s.actors) expect((ROLES as readonly string[]).includes(r)).toBe(true);
        expect((PHASES as readonly string[]).includes(s.phase)).toBe(true);
      }
    }
  });

  it("penalty.general runs 立案→调查取证→事先告知→(听证)→审查→决定→送达→执行→结案→归档 (R-CASE-01)", () => {
    expect(PENALTY_GENERAL.stages.map((s) => s.name)).toEqual(["立案", "调查取证", "事先告知", "听证", "审查", "决定", "送达", "执行", "结案", "归档"]);
    expect(PENALTY_GENERAL.stages.map((s) => s.phase)).toEqual([...PHASES]);
    // 听证 is optional: 事先告知 goes to 审查 by default, or to 听证 which returns to 审查
    expect(must(PENALTY_GENERAL, "notice").next).toEqual(["review", "hearing"]);
    expect(must(PENALTY_GENERAL, "hearing").next).toEqual(["review"]);
    // the usual path (first next) visits every stage but 听证, in order, and ends at 归档
    const path: string[] = [];
    let cur: StageDef | undefined = PENALTY_GENERAL.stages[0];
    while (cur) {
      path.push(cur.key);
      cur = cur.next[0] === undefined ? undefined : stageOf(PENALTY_GENERAL, cur.next[0]);
    }
    expect(path).toEqual(PENALTY_GENERAL.stages.map((s) => s.key).filter((k) => k !== "hearing"));
    expect(must(PENALTY_GENERAL, "archive").next).toEqual([]);
  });

  it.each([
    [PENALTY_GENERAL, "investigation"],
    [COERCION_SEIZURE, "enforcement"],
  ] as const)("%# investigation/enforcement stage needs a team of two (R-CASE-03)", (def, key) => {
    expect(must(def, key).minTeam).toBe(2);
  });

  it("coercion enforcement requires full-process audio/video (R-REC-05)", () => {
    expect(must(COERCION_SEIZURE, "enforcement").av).toBe("mandatory");
  });

  it.each([PENALTY_GENERAL, PERMIT, COERCION_SEIZURE].map((d) => [d.key, d] as const))("%s: every decision-phase stage has the major-decision gate (R-REV-02)", (_key, def) => {
    const decisions = def.stages.filter((s) => s.phase === "decision");
    expect(decisions.length).toBeGreaterThan(0);
    for (const s of decisions) expect(s.majorGate, s.key).toBe(true);
  });

  it("returns a deep copy: mutating the result leaves the constants alone", () => {
    const before = clone(PENALTY_GENERAL);
    const copy = builtInWorkflows();
    const pg = copy.find((d) => d.key === PENALTY_GENERAL.key)!;
    expect(pg).toEqual(PENALTY_GENERAL);
    expect(pg).not.toBe(PENALTY_GENERAL);
    pg.name = "改";
    pg.stages[0]!.name = "改";
    pg.stages[0]!.actors.push("admin");
    (pg.stages[1]!.documents![0] as DocKind[]).push("other");
    pg.stages[0]!.limit!.amount = 1;
    pg.caseLimit!.amount = 1;
    pg.stages.pop();
    expect(PENALTY_GENERAL).toEqual(before);
    expect(builtInWorkflows().find((d) => d.key === PENALTY_GENERAL.key)).toEqual(before);
  });
});

describe("validateWorkflow (R-LIST-08)", () => {
  it("accepts the minimal two-stage definition", () => {
    expect(validateWorkflow(mk())).toEqual([]);
  });

  it.each<[string, () => WorkflowDefinition, string]>([
    ["bad key (uppercase)", () => mk(undefined, { key: "Penalty.General" }), "流程编码应为小写字母开头"],
    ["bad key (empty)", () => mk(undefined, { key: "" }), "流程编码应为小写字母开头"],
    ["bad version", () => mk(undefined, { version: 0 }), "版本号应为正整数"],
    ["missing name", () => mk(undefined, { name: "  " }), "请填写流程名称"],
    ["bad action type", () => mk(undefined, { actionType: "bribe" as never }), "执法行为类别无效"],
    ["bad procedure", () => mk(undefined, { procedure: "summary" as never }), "程序类型应为一般程序或简易程序"],
    ["bad stage key", () => mk([stage("A-1", ["b"]), stage("b", [])]), "第 1 个环节（A-1）的编码无效"],
    ["duplicate stage key", () => mk([stage("a", ["b"]), stage("b", []), stage("b", [])]), "第 3 个环节（b）的编码重复"],
    ["bad phase", () => mk([stage("a", ["b"], { phase: "appeal" as never }), stage("b", [])]), "的阶段无效"],
    ["unknown next", () => mk([stage("a", ["b", "zz"]), stage("b", [])]), "后续环节 zz 不存在"],
    ["self-loop", () => mk([stage("a", ["a", "b"]), stage("b", [])]), "不能流转到自身"],
    ["unreachable stage", () => mk([stage("a", ["b"]), stage("b", []), stage("c", ["b"])]), "环节“c”无法从第一个环节到达"],
    ["no final stage (cycle only)", () => mk([stage("a", ["b"]), stage("b", ["a"])]), "流程缺少结束环节"],
    ["a stage that cannot reach the end", () => mk([stage("a", ["b", "c"]), stage("b", []), stage("c", ["d"]), stage("d", ["c"])]), "环节“c”无法到达结束环节"],
    ["bad role", () => mk([stage("a", ["b"], { actors: ["officer", "boss" as Role] }), stage("b", [])]), "第 1 个环节（a）的办理角色无效"],
    ["no role", () => mk([stage("a", ["b"], { actors: [] }), stage("b", [])]), "的办理角色无效"],
    ["bad doc kind", () => mk([stage("a", ["b"], { documents: ["inquiry", "affidavit" as DocKind] }), stage("b", [])]), "第 1 个环节（a）的必备文书无效"],
    ["bad doc kind inside any-of", () => mk([stage("a", ["b"], { documents: [["inquiry", "affidavit" as DocKind]] }), stage("b", [])]), "的必备文书无效"],
    ["empty any-of group", () => mk([stage("a", ["b"], { documents: [[]] }), stage("b", [])]), "的必备文书无效"],
    ["minTeam 0", () => mk([stage("a", ["b"], { minTeam: 0 }), stage("b", [])]), "的最少执法人员数无效"],
    ["minTeam fractional", () => mk([stage("a", ["b"], { minTeam: 1.5 }), stage("b", [])]), "的最少执法人员数无效"],
    ["minTeam above 20", () => mk([stage("a", ["b"], { minTeam: 21 }), stage("b", [])]), "的最少执法人员数无效"],
    ["bad av rule", () => mk([stage("a", ["b"], { av: "optional" as never }), stage("b", [])]), "的音像记录要求无效"],
    ["bad limit unit", () => mk([stage("a", ["b"], { limit: { amount: 5, unit: "weeks" as never, basis: "x" } }), stage("b", [])]), "第 1 个环节（a）的办理期限无效"],
    ["negative limit amount", () => mk([stage("a", ["b"], { limit: { amount: -1, unit: "days", basis: "x" } }), stage("b", [])]), "的办理期限无效"],
    ["fractional limit amount", () => mk([stage("a", ["b"], { limit: { amount: 1.5, unit: "days", basis: "x" } }), stage("b", [])]), "的办理期限无效"],
    ["limit amount above ten years", () => mk([stage("a", ["b"], { limit: { amount: 3651, unit: "days", basis: "x" } }), stage("b", [])]), "的办理期限无效"],
    ["bad case limit", () => mk(undefined, { caseLimit: { amount: 90, unit: "months" as never, basis: "x" } }), "案件办理期限无效"],
    ["caseLimitEndsAt pointing nowhere", () => mk(undefined, { caseLimitEndsAt: "decision" }), "案件期限的截止环节不存在"],
    ["only one stage", () => mk([stage("a", [])]), "流程至少需要两个环节"],
    ["no stages", () => mk([]), "流程至少需要两个环节"],
  ])("%s is refused", (_name, build, fragment) => {
    const problems = validateWorkflow(build());
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => p.includes(fragment)), problems.join(" | ")).toBe(true);
  });

  it("reports both stages of an inescapable loop", () => {
    const problems = validateWorkflow(mk([stage("a", ["b", "c"]), stage("b", []), stage("c", ["d"]), stage("d", ["c"])]));
    expect(problems).toEqual(["环节“c”无法到达结束环节", "环节“d”无法到达结束环节"]);
  });

  it("accepts a limit of zero and a caseLimitEndsAt that exists", () => {
    expect(validateWorkflow(mk(undefined, { caseLimit: { amount: 0, unit: "days", basis: "" }, caseLimitEndsAt: "b" }))).toEqual([]);
  });
});

describe("evaluateAdvance (R-CASE-01, R-CASE-03, R-CASE-06, R-REC-05, R-REV-02)", () => {
  const coercion = COERCION_SEIZURE;
  const pg = PENALTY_GENERAL;
  const review = (over: Partial<NonNullable<CaseFacts["review"]>>): CaseFacts["review"] => ({ required: true, passed: false, pending: false, ...over });

  interface Row {
    name: string;
    def: WorkflowDefinition;
    facts: CaseFacts;
    actor: { roles: Role[] };
    next?: string;
    /** [code, rule] of the single refusal, or null when allowed. */
    expect: [GateCode, string] | null;
    /** Fragments the refusal message must contain. */
    message?: string[];
  }

  it.each<Row>([
    // allowed
    { name: "a fully satisfied investigation is allowed", def: pg, facts: facts("investigation"), actor: officer, expect: null },
    { name: "a fully satisfied decision (review passed) is allowed (R-REV-02)", def: pg, facts: facts("decision", { review: review({ passed: true }) }), actor: head, expect: null },
    { name: "a decision without a required review is allowed (R-REV-02)", def: pg, facts: facts("decision", { review: review({ required: false }) }), actor: head, expect: null },
    { name: "a decision with no review facts is allowed (R-REV-02)", def: pg, facts: facts("decision"), actor: head, expect: null },
    { name: "a required but unpassed review does not block a stage without majorGate (R-REV-02)", def: pg, facts: facts("review", { review: review({}) }), actor: unitLead, expect: null },
    { name: "mandatory audio/video with a file is allowed (R-REC-05)", def: coercion, facts: facts("enforcement", { avFiles: 1 }), actor: officer, expect: null },
    { name: "mandatory audio/video with an approved exception is allowed (R-REC-05)", def: coercion, facts: facts("enforcement", { avException: "approved" }), actor: officer, expect: null },
    { name: "an 'expected' audio/video stage with no files is allowed (R-REC-05)", def: pg, facts: facts("investigation", { avFiles: 0 }), actor: officer, expect: null },
    { name: "an explicit listed next stage (听证) is allowed (R-CASE-01)", def: pg, facts: facts("notice"), actor: officer, next: "hearing", expect: null },
    { name: "the final stage (归档) without next is allowed for a head (R-CASE-01)", def: pg, facts: facts("archive"), actor: unitLead, expect: null },
    { name: "a closed case (结案) may still be archived (R-CASE-01)", def: pg, facts: facts("archive", { status: "closed" }), actor: unitLead, expect: null },
    { name: "a team above the minimum is allowed (R-CASE-03)", def: pg, facts: facts("investigation", { team: { qualified: 3, problems: ["王五：未参加年度培训"] } }), actor: officer, expect: null },
    { name: "any one document of an any-of group suffices (R-CASE-06)", def: pg, facts: facts("investigation", { documents: docs("inquiry", "case_report") }), actor: officer, expect: null },
    // refused
    { name: "a suspended case is refused (R-CASE-07)", def: pg, facts: facts("investigation", { status: "suspended" }), actor: officer, expect: ["case_suspended", "R-CASE-07"], message: ["中止"] },
    { name: "a closed case is refused (R-CASE-01)", def: pg, facts: facts("investigation", { status: "closed" }), actor: officer, expect: ["case_not_open", "R-CASE-01"], message: ["已结案或终止"] },
    { name: "an archived case is refused (R-CASE-01)", def: pg, facts: facts("archive", { status: "archived" }), actor: unitLead, expect: ["case_not_open", "R-CASE-01"] },
    { name: "a terminated case is refused (R-CASE-01)", def: pg, facts: facts("investigation", { status: "terminated" }), actor: officer, expect: ["case_not_open", "R-CASE-01"] },
    { name: "the wrong role is refused (R-CASE-01)", def: pg, facts: facts("decision"), actor: unitLead, expect: ["stage_role", "R-CASE-01"], message: ["“决定”环节由机关负责人办理"] },
    { name: "a legal reviewer cannot complete investigation (R-CASE-01)", def: pg, facts: facts("investigation"), actor: { roles: ["legal_reviewer", "supervisor"] }, expect: ["stage_role", "R-CASE-01"], message: ["执法人员或承办机构负责人或机关负责人"] },
    { name: "an officer cannot archive (R-CASE-01)", def: pg, facts: facts("archive"), actor: officer, expect: ["stage_role", "R-CASE-01"] },
    { name: "a next stage not listed is refused (R-CASE-01)", def: pg, facts: facts("notice"), actor: officer, next: "decision", expect: ["stage_next_invalid", "R-CASE-01"], message: ["“事先告知”之后只能进入“审查”或“听证”"] },
    { name: "any next at the final stage is refused (R-CASE-01)", def: pg, facts: facts("archive"), actor: unitLead, next: "filing", expect: ["stage_next_invalid", "R-CASE-01"], message: ["流程已到最后一个环节"] },
    { name: "a current stage outside the definition is refused (R-CASE-01)", def: pg, facts: facts("appeal"), actor: officer, expect: ["stage_next_invalid", "R-CASE-01"], message: ["当前环节不在本流程中"] },
    {
      name: "a team of one is refused, with the team problems (R-CASE-03)",
      def: pg,
      facts: facts("investigation", { team: { qualified: 1, problems: ["李四：执法证已过期", "王五：无处罚类执法资格"] } }),
      actor: officer,
      expect: ["team_insufficient", "R-CASE-03"],
      message: ["至少 2 名", "目前符合条件的有 1 名", "：李四：执法证已过期；王五：无处罚类执法资格"],
    },
    { name: "no team check counts as nobody (R-CASE-03)", def: coercion, facts: facts("enforcement", { team: undefined, avFiles: 1 }), actor: officer, expect: ["team_insufficient", "R-CASE-03"], message: ["目前符合条件的有 0 名"] },
    {
      name: "missing documents are refused, any-of rendered A或B (R-CASE-06)",
      def: pg,
      facts: facts("investigation", { documents: docs("penalty_notice") }),
      actor: officer,
      expect: ["documents_missing", "R-CASE-06"],
      message: ["“调查取证”还缺少：现场检查笔录或询问笔录、案件调查终结报告"],
    },
    { name: "a missing any-of group alone is refused (R-CASE-06)", def: coercion, facts: facts("handling", { documents: docs("service_proof") }), actor: head, expect: ["documents_missing", "R-CASE-06"], message: ["解除查封扣押决定书或行政处罚决定书或行政执法决定书"] },
    { name: "mandatory audio/video with no file is refused (R-REC-05)", def: coercion, facts: facts("enforcement"), actor: officer, expect: ["av_missing", "R-REC-05"], message: ["全过程音像记录"] },
    { name: "a pending audio/video exception is refused (R-REC-05)", def: coercion, facts: facts("enforcement", { avException: "pending" }), actor: officer, expect: ["av_exception_pending", "R-REC-05"], message: ["等待机关负责人批准"] },
    { name: "the audio/video list makes an 'expected' stage mandatory (R-REC-05, R-LIST-05)", def: pg, facts: facts("investigation", { avMandatoryByList: true }), actor: officer, expect: ["av_missing", "R-REC-05"] },
    {
      name: "a required review not yet submitted is refused, with the reasons (R-REV-02)",
      def: pg,
      facts: facts("decision", { review: review({ because: ["罚款数额较大", "吊销许可证件"] }) }),
      actor: head,
      expect: ["legal_review_required", "R-REV-02"],
      message: ["（罚款数额较大；吊销许可证件）", "须先提交法制审核"],
    },
    {
      name: "a pending review is refused, with the reasons (R-REV-02)",
      def: PERMIT,
      facts: facts("decision", { review: review({ pending: true, because: ["涉及重大公共利益"] }) }),
      actor: head,
      expect: ["legal_review_pending", "R-REV-02"],
      message: ["（涉及重大公共利益）", "法制审核尚未通过"],
    },
    { name: "an agreed review of a since-changed decision draft is refused (R-REV-02)", def: pg, facts: facts("decision", { review: review({ stale: true }) }), actor: head, expect: ["legal_review_stale", "R-REV-02"], message: ["重新提交法制审核"] },
    { name: "a required review without reasons has no empty brackets (R-REV-02)", def: coercion, facts: facts("handling", { review: review({ because: [] }) }), actor: head, expect: ["legal_review_required", "R-REV-02"], message: ["属于重大执法决定，须先提交"] },
  ])("$name", (row) => {
    const out = evaluateAdvance(row.def, row.facts, row.actor, row.next);
    if (row.expect === null) {
      expect(out).toEqual([]);
      return;
    }
    expect(out.map((r) => [r.code, r.rule])).toEqual([row.expect]);
    for (const m of row.message ?? []) expect(out[0]!.message).toContain(m);
  });

  it("reports every failure, in order (R-CASE-07, R-CASE-01, R-CASE-03, R-CASE-06, R-REC-05, R-REV-02)", () => {
    const def = clone(COERCION_SEIZURE);
    must(def, "enforcement").majorGate = true;
    const out = evaluateAdvance(
      def,
      { status: "suspended", stage: "enforcement", documents: docs(), team: { qualified: 1, problems: ["李四：执法证已过期"] }, avFiles: 0, review: review({}) },
      { roles: ["legal_reviewer"] },
      "closing",
    );
    expect(out.map((r) => [r.code, r.rule])).toEqual([
      ["case_suspended", "R-CASE-07"],
      ["stage_role", "R-CASE-01"],
      ["stage_next_invalid", "R-CASE-01"],
      ["team_insufficient", "R-CASE-03"],
      ["documents_missing", "R-CASE-06"],
      ["av_missing", "R-REC-05"],
      ["legal_review_required", "R-REV-02"],
    ]);
  });

  it("reports the case status and the unknown stage together (R-CASE-01)", () => {
    const out = evaluateAdvance(PENALTY_GENERAL, facts("nowhere", { status: "closed" }), officer);
    expect(out.map((r) => r.code)).toEqual(["case_not_open", "stage_next_invalid"]);
  });

  it.each(builtInWorkflows().flatMap((d) => d.stages.filter((s) => s.next.length > 0).map((s) => [d.key, s.key, d] as const)))(
    "%s/%s: omitting next is the same as the first listed next stage (R-CASE-01)",
    (_d, key, def) => {
      const s = must(def, key);
      const roles = { roles: [...s.actors] };
      const f = facts(key, { avFiles: 1, team: { qualified: 20, problems: [] } });
      expect(evaluateAdvance(def, f, roles)).toEqual(evaluateAdvance(def, f, roles, s.next[0]));
      expect(evaluateAdvance(def, f, roles)).toEqual([]);
    },
  );
});

describe("missingDocuments (R-CASE-06)", () => {
  it.each<[string, StageDef, DocKind[], string[]]>([
    ["no required documents", must(PENALTY_GENERAL, "review"), [], []],
    ["nothing present", must(PENALTY_GENERAL, "investigation"), [], ["现场检查笔录或询问笔录", "案件调查终结报告"]],
    ["one of the any-of present", must(PENALTY_GENERAL, "investigation"), ["inquiry"], ["案件调查终结报告"]],
    ["everything present", must(PENALTY_GENERAL, "investigation"), ["site_inspection", "case_report"], []],
    ["unrelated documents do not count", must(PENALTY_GENERAL, "hearing"), ["penalty_notice", "statement"], ["听证通知书", "听证报告"]],
    ["a three-way any-of", must(COERCION_SEIZURE, "handling"), [], ["解除查封扣押决定书或行政处罚决定书或行政执法决定书"]],
    ["the third option of an any-of suffices", must(COERCION_SEIZURE, "handling"), ["generic_decision"], []],
  ])("%s", (_name, s, have, expected) => {
    expect(missingDocuments(s, docs(...have))).toEqual(expected);
  });
});

describe("avRequirement (R-REC-05, R-LIST-05)", () => {
  it.each<[StageDef["av"], boolean | undefined, StageDef["av"]]>([
    ["mandatory", undefined, "mandatory"],
    ["mandatory", false, "mandatory"],
    ["expected", undefined, "expected"],
    ["expected", false, "expected"],
    ["expected", true, "mandatory"],
    [undefined, undefined, undefined],
    [undefined, true, "mandatory"],
  ])("stage av %s, list %s → %s", (av, byList, expected) => {
    expect(avRequirement(stage("a", [], { av }), { avMandatoryByList: byList })).toBe(expected);
  });
});

describe("backfillFlags (R-CASE-05)", () => {
  const t = (iso: string) => new Date(iso);
  const H = 3600_000;
  const entered = t("2025-03-10T12:00:00Z");
  const ago = (hours: number) => new Date(entered.getTime() - hours * H);

  it("defaults to a 24-hour tolerance", () => {
    expect(DEFAULT_BACKFILL_TOLERANCE_HOURS).toBe(24);
  });

  it.each<[string, Parameters<typeof backfillFlags>[0], string[]]>([
    ["entered at once", { actedAt: entered, enteredAt: entered }, []],
    ["entered within the day", { actedAt: ago(23), enteredAt: entered }, []],
    ["exactly at the tolerance", { actedAt: ago(24), enteredAt: entered }, []],
    ["one millisecond beyond the default 24h", { actedAt: new Date(ago(24).getTime() - 1), enteredAt: entered }, ["backfilled"]],
    ["three days later", { actedAt: ago(72), enteredAt: entered }, ["backfilled"]],
    ["an act claimed in the future is not backfilled", { actedAt: t("2025-03-11T12:00:00Z"), enteredAt: entered }, []],
    ["custom tolerance 2h, 3h late", { actedAt: ago(3), enteredAt: entered, toleranceHours: 2 }, ["backfilled"]],
    ["custom tolerance 72h, 48h late", { actedAt: ago(48), enteredAt: entered, toleranceHours: 72 }, []],
    ["custom tolerance 0, one second late", { actedAt: new Date(entered.getTime() - 1000), enteredAt: entered, toleranceHours: 0 }, ["backfilled"]],
    ["stage still open (null)", { actedAt: ago(1), enteredAt: entered, stageCompletedAt: null }, []],
    ["stage completed after entry", { actedAt: ago(1), enteredAt: entered, stageCompletedAt: t("2025-03-10T13:00:00Z") }, []],
    ["stage completed at the same instant", { actedAt: ago(1), enteredAt: entered, stageCompletedAt: entered }, []],
    ["stage completed before entry", { actedAt: ago(1), enteredAt: entered, stageCompletedAt: ago(0.5) }, ["after_stage_closed"]],
    ["both late and after the stage closed", { actedAt: ago(48), enteredAt: entered, stageCompletedAt: ago(24) }, ["backfilled", "after_stage_closed"]],
  ])("%s", (_name, input, expected) => {
    expect(backfillFlags(input)).toEqual(expected);
  });
});

describe("evaluateAdvance on 调查取证 (property, R-CASE-03, R-CASE-06)", () => {
  const inv = must(PENALTY_GENERAL, "investigation");

  it("reports documents_missing iff missingDocuments is non-empty, team_insufficient iff qualified < 2", () => {
    fc.assert(
      fc.property(fc.subarray([...DOC_KINDS]), fc.integer({ min: 0, max: 6 }), fc.array(fc.string(), { maxLength: 3 }), (present, qualified, problems) => {
        const have = docs(...present);
        const out = evaluateAdvance(PENALTY_GENERAL, facts("investigation", { documents: have, team: { qualified, problems } }), officer);
        const codes = out.map((r) => r.code);
        expect(codes.includes("documents_missing")).toBe(missingDocuments(inv, have).length > 0);
        expect(codes.includes("team_insufficient")).toBe(qualified < 2);
        // nothing else can refuse an open case's investigation for an officer
        expect(codes.every((c) => c === "documents_missing" || c === "team_insufficient")).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("validateWorkflow on JSON from an administrator (R-CASE-01)", () => {
  it("reports a stage without `next` instead of throwing", () => {
    const def = { ...PENALTY_SIMPLE, stages: [{ key: "a", name: "a", phase: "start", actors: ["officer"] }, { key: "b", name: "b", phase: "archive", actors: ["officer"], next: [] }] } as unknown as WorkflowDefinition;
    expect(validateWorkflow(def).join()).toContain("后续环节应为环节编码列表");
  });
});
