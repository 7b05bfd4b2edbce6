import { describe, expect, it } from "vitest";
import { workflowSvg } from "./flowchart.ts";
import { PENALTY_GENERAL, builtInWorkflows } from "./workflow.ts";
import type { StageDef, WorkflowDefinition } from "./workflow.ts";

// ---------------------------------------------------------------------------------------
// A minimal XML well-formedness check (no DOMParser in node without dependencies)
// ---------------------------------------------------------------------------------------

const NAME = "[A-Za-z_][\\w:.-]*";
const ATTRS = new RegExp(`^(?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*\\s*$`);
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

/** Throws unless `xml` is one balanced element tree with quoted attributes and valid entities. */
function assertWellFormed(xml: string): void {
  const token = new RegExp(`<\\?[\\s\\S]*?\\?>|<!--[\\s\\S]*?-->|<(/?)(${NAME})([^<>]*?)(/?)>|([^<]+)|(<)`, "g");
  const stack: string[] = [];
  let roots = 0;
  for (const m of xml.matchAll(token)) {
    const [all, close, name, attrs, selfClose, textPart, stray] = m;
    if (stray) throw new Error(`stray "<" at ${m.index}`);
    if (textPart !== undefined) {
      if (textPart.replace(ENTITY, "").includes("&")) throw new Error(`unescaped "&" in ${JSON.stringify(textPart)}`);
      if (!stack.length && textPart.trim()) throw new Error(`text outside the root: ${JSON.stringify(textPart)}`);
      continue;
    }
    if (!name) continue; // declaration or comment
    if (close) {
      if (attrs!.trim() || selfClose) throw new Error(`malformed end tag ${all}`);
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
      continue;
    }
    if (!ATTRS.test(attrs!)) throw new Error(`malformed attributes in ${all}`);
    if (attrs!.replace(ENTITY, "").includes("&")) throw new Error(`unescaped "&" in ${all}`);
    if (!stack.length) roots++;
    if (!selfClose) stack.push(name);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join("> <")}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

function attrsOf(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
}

const texts = (svg: string) => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]!));

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const stageRects = (svg: string): Rect[] =>
  [...svg.matchAll(/<rect class="stage"[^>]*>/g)].map((m) => {
    const a = attrsOf(m[0]);
    return { x: Number(a.x), y: Number(a.y), w: Number(a.width), h: Number(a.height) };
  });

const edgePaths = (svg: string): string[] => [...svg.matchAll(/<path class="edge"[^>]*>/g)].map((m) => attrsOf(m[0]).d!);

/** Axis-aligned segments of an "M x y V y H x …" path. */
function segments(d: string): [number, number, number, number][] {
  const parts = d.trim().split(/\s+|(?=[MVH])/).filter(Boolean);
  const segs: [number, number, number, number][] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const cmd = p[0]!;
    const v = Number(p.slice(1));
    if (cmd === "M") {
      x = v;
      y = Number(parts[++i]);
    } else if (cmd === "V") {
      segs.push([x, y, x, v]);
      y = v;
    } else if (cmd === "H") {
      segs.push([x, y, v, y]);
      x = v;
    } else throw new Error(`unexpected path command ${p}`);
  }
  return segs;
}

/** Does the segment pass through the inside of the rectangle (touching its border is fine)? */
function crosses([x1, y1, x2, y2]: [number, number, number, number], r: Rect): boolean {
  const [lx, hx] = [Math.min(x1, x2), Math.max(x1, x2)];
  const [ly, hy] = [Math.min(y1, y2), Math.max(y1, y2)];
  return lx < r.x + r.w && hx > r.x && ly < r.y + r.h && hy > r.y && !(lx === hx && (lx <= r.x || lx >= r.x + r.w)) && !(ly === hy && (ly <= r.y || ly >= r.y + r.h));
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The layout checks every chart must pass. */
function checkLayout(def: WorkflowDefinition, svg: string) {
  assertWellFormed(svg);
  const rects = stageRects(svg);
  expect(rects).toHaveLength(def.stages.length);
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlaps(rects[i]!, rects[j]!), `boxes ${i} and ${j} overlap`).toBe(false);
  const paths = edgePaths(svg);
  expect(paths).toHaveLength(def.stages.reduce((n, s) => n + s.next.length, 0));
  for (const d of paths) for (const seg of segments(d)) for (const r of rects) expect(crosses(seg, r), `edge ${d} crosses a box`).toBe(false);
  const svgAttrs = attrsOf(svg.match(/<svg\b[^>]*>/)![0]);
  const [, , vw, vh] = svgAttrs.viewBox!.split(" ").map(Number);
  expect([Number(svgAttrs.width), Number(svgAttrs.height)]).toEqual([vw, vh]);
  for (const r of rects) {
    expect(r.x).toBeGreaterThanOrEqual(0);
    expect(r.x + r.w).toBeLessThanOrEqual(vw!);
    expect(r.y + r.h).toBeLessThanOrEqual(vh!);
  }
}

function stage(key: string, next: string[], over: Partial<StageDef> = {}): StageDef {
  return { key, name: `环节${key}`, phase: "investigation", actors: ["officer"], next, ...over };
}

function definition(stages: StageDef[]): WorkflowDefinition {
  return { key: "test.flow", version: 3, name: "测试流程", actionType: "penalty", stages };
}

describe("workflowSvg (R-LIST-08)", () => {
  describe.each(builtInWorkflows().map((d) => [d.key, d] as const))("built-in %s", (_key, def) => {
    const svg = workflowSvg(def);

    it("is a well-formed standalone SVG document with a title (R-LIST-08)", () => {
      assertWellFormed(svg);
      expect(svg.startsWith(`<?xml version="1.0" encoding="UTF-8"?>`)).toBe(true);
      const root = attrsOf(svg.match(/<svg\b[^>]*>/)![0]);
      expect(root.xmlns).toBe("http://www.w3.org/2000/svg");
      expect(root.role).toBe("img");
      expect(root.viewBox).toMatch(/^0 0 \d+ \d+$/);
      expect(root["font-family"]).toBe(`"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif`);
      expect(svg).toMatch(new RegExp(`<title[^>]*>${def.name.replace(/[()（）]/g, "\\$&")}流程图 第${def.version}版</title>`));
      expect(texts(svg)).toContain(`${def.name}流程图 第${def.version}版`);
    });

    it("shows every stage of the enforced definition once, with an arrow per transition (R-LIST-08, R-CASE-01)", () => {
      const all = texts(svg);
      for (const s of def.stages) expect(all.filter((t) => t === s.name), s.name).toHaveLength(1);
      expect(edgePaths(svg)).toHaveLength(def.stages.reduce((n, s) => n + s.next.length, 0));
    });

    it("lays boxes out without overlap and routes no arrow through a box (R-LIST-08)", () => {
      checkLayout(def, svg);
    });

    it("prints the case time limit under the title when there is one (R-LIST-08, R-CASE-07)", () => {
      const limit = texts(svg).filter((t) => t.startsWith("案件办理期限："));
      expect(limit.length > 0).toBe(def.caseLimit !== undefined);
    });
  });

  it("shows roles, documents, limits and requirements of a stage (R-LIST-08)", () => {
    const all = texts(workflowSvg(PENALTY_GENERAL));
    expect(all).toContain("办理：承办机构负责人、机关负责人");
    expect(all).toContain("期限：15个工作日");
    expect(all).toContain("期限：15日");
    expect(all.some((t) => t.startsWith("文书：现场检查笔录或询问笔录、"))).toBe(true);
    expect(all).toContain("案件办理期限：90日（《行政处罚法》第六十条：自立案之日起九十日内作出行政处罚决定）");
    for (const mark of ["须2名以上执法人员", "音像记录", "重大决定须法制审核", "可中止计时"]) expect(all).toContain(mark);
    const coercion = texts(workflowSvg(builtInWorkflows().find((d) => d.key === "coercion.seizure")!));
    expect(coercion).toContain("全过程音像记录");
  });

  it("wraps long document lists into at most three lines, ending with an ellipsis when cut (R-LIST-08)", () => {
    const docs = ["filing_approval", "site_inspection", "inquiry", "pre_registration", "seizure_decision", "penalty_notice", "hearing_notice", "case_report"] as const;
    const def = definition([stage("a", ["b"], { documents: [...docs] }), stage("b", [])]);
    const svg = workflowSvg(def);
    checkLayout(def, svg);
    const all = texts(svg);
    const first = all.findIndex((t) => t.startsWith("文书："));
    const lines = all.slice(first, first + 3);
    expect(all[first + 3]).not.toMatch(/书|录|表/);
    expect(lines[2]!.endsWith("…")).toBe(true);
    for (const l of lines) expect(Array.from(l.replace(/^文书：/, "").replace(/[、…]$/, "")).length).toBeLessThanOrEqual(18);
  });

  it("escapes text (R-LIST-08)", () => {
    const def = { ...definition([stage("a", ["b"], { name: `A&B<C>` }), stage("b", [], { name: `"引号"与'单引号'` })]), name: "<流程&>" };
    def.caseLimit = { amount: 10, unit: "days", basis: "a<b & c>d" };
    const svg = workflowSvg(def);
    assertWellFormed(svg);
    expect(svg).not.toContain("A&B<C>");
    expect(svg).toContain("A&amp;B&lt;C&gt;");
    expect(svg).toContain("&quot;引号&quot;与&apos;单引号&apos;");
    expect(svg).toContain("<title");
    expect(svg).toContain("&lt;流程&amp;&gt;流程图 第3版</title>");
    const all = texts(svg);
    expect(all.filter((t) => t === "A&B<C>")).toHaveLength(1);
    expect(all).toContain("案件办理期限：10日（a<b & c>d）");
  });

  it("gives identical output for the same input", () => {
    for (const def of builtInWorkflows()) {
      expect(workflowSvg(def)).toBe(workflowSvg(JSON.parse(JSON.stringify(def)) as WorkflowDefinition));
      expect(workflowSvg(def, { width: 900, title: false })).toBe(workflowSvg(def, { width: 900, title: false }));
    }
  });

  it("omits the printed title on request but keeps the <title> element", () => {
    const svg = workflowSvg(PENALTY_GENERAL, { title: false });
    assertWellFormed(svg);
    expect(texts(svg)).not.toContain("行政处罚（一般程序）流程图 第1版");
    expect(svg).toContain(">行政处罚（一般程序）流程图 第1版</title>");
  });

  it("draws every edge of a definition with skipping and back edges, without overlap (R-LIST-08)", () => {
    // notice → hearing → review, notice → review directly, review → investigation (退回补充调查), archive → filing
    const def = definition([
      stage("filing", ["investigation"]),
      stage("investigation", ["notice"]),
      stage("notice", ["review", "hearing"]),
      stage("hearing", ["review"]),
      stage("review", ["decision", "investigation"]),
      stage("decision", ["archive"]),
      stage("archive", ["filing"]),
    ]);
    let svg = "";
    expect(() => (svg = workflowSvg(def))).not.toThrow();
    checkLayout(def, svg);
    // the back edges run upwards, the skipping edge downwards, both beside the boxes
    const rects = stageRects(svg);
    const right = Math.max(...rects.map((r) => r.x + r.w));
    const detours = edgePaths(svg).filter((d) => segments(d).some(([x1, , x2]) => x1 === x2 && x1 > right));
    expect(detours).toHaveLength(3);
  });

  it("places parallel stages side by side and widens the canvas when needed (R-LIST-08)", () => {
    const def = definition([
      stage("a", ["b", "c", "d", "e"]),
      stage("b", ["f"]),
      stage("c", ["f"], { documents: ["inquiry", "case_report"], minTeam: 2, av: "mandatory", majorGate: true, suspendable: true }),
      stage("d", ["f"]),
      stage("e", ["f", "a"]),
      stage("f", []),
    ]);
    const svg = workflowSvg(def, { width: 400 });
    checkLayout(def, svg);
    const rects = stageRects(svg);
    expect(new Set(rects.slice(1, 5).map((r) => r.y)).size).toBe(1);
    expect(Number(attrsOf(svg.match(/<svg\b[^>]*>/)![0]).width)).toBeGreaterThan(400);
  });

  it("renders a stage that only a non-first stage leads to, and ignores unknown next keys", () => {
    const def = definition([stage("a", ["b", "missing"]), stage("b", []), stage("orphan", ["b"])]);
    const svg = workflowSvg(def);
    assertWellFormed(svg);
    expect(stageRects(svg)).toHaveLength(3);
    expect(edgePaths(svg)).toHaveLength(2);
  });
});
