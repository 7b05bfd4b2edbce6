/**
 * 行政执法流程图 (R-LIST-08): the published flowchart of an action type, rendered as SVG from
 * the same {@link WorkflowDefinition} the platform enforces (R-CASE-01), so the public chart
 * and the gates can never disagree. Pure string building: no DOM, no fonts, no I/O. Text
 * widths are estimated (CJK = 1em, other characters 0.6em), generously enough that wrapped
 * text stays inside its box with any common CJK sans-serif font.
 */
import { ROLE_LABELS } from "./enums.ts";
import { DOC_KIND_LABELS } from "./workflow.ts";
import type { DocKind, StageDef, StageLimit, WorkflowDefinition } from "./workflow.ts";

export interface FlowchartOptions {
  /** Canvas width in px (default 720, at least 360); grows when a row of stages needs more room. */
  width?: number;
  /** Print the title above the chart (default true). The `<title>` element is always present. */
  title?: boolean;
}

const DEFAULT_WIDTH = 720;
const MIN_WIDTH = 360;
const FONT_FAMILY = `"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif`;

const MARGIN = 24;
/** Vertical space between rows; edges turn and run sideways only inside it. */
const ROW_GAP = 56;
const COL_GAP = 28;
const BOX_MAX_W = 320;
const BOX_MIN_W = 170;
const PAD_X = 14;
const NAME_SIZE = 15;
const NAME_LH = 20;
const INFO_SIZE = 12;
const INFO_LH = 18;
/** About 18 CJK characters per detail line. */
const INFO_MAX_W = 18 * INFO_SIZE;
const INFO_MAX_LINES = 3;
const BADGE_H = 20;
const BADGE_GAP = 6;
const BADGE_PAD = 7;
/** Routed edges run down vertical lanes right of the boxes. */
const LANE_OFFSET = 20;
const LANE_GAP = 12;

const COLOR = {
  title: "#1a1a1a",
  sub: "#444444",
  name: "#1f2d3d",
  info: "#666666",
  boxFill: "#f5f9ff",
  boxStroke: "#3b6fb6",
  divider: "#c9d8ee",
  edge: "#4a5568",
  red: "#c0392b",
  redFill: "#fdecea",
  greyFill: "#f1f3f5",
  greyStroke: "#b8bec6",
};

// ---------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------

/** XML-escapes text and attribute values. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Coordinates with at most one decimal, never "-0". */
function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? "0" : String(r);
}

/** Estimated advance of a character, in em. */
function charEm(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0x2e80 || c === 0x2026 || c === 0x2014 || (c >= 0x2018 && c <= 0x201d)) return 1;
  return 0.6;
}

function measure(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return em * size;
}

const ELLIPSIS = "…";
/** Punctuation that may end a line and hang into the padding (CJK line-end rule). */
const HANGING = /[、，；。：]$/u;
const TRAILING = /[、，；。：或\s]+$/u;

/** Width a line needs: a trailing punctuation mark does not count. */
const lineWidth = (s: string, size: number) => measure(s.replace(HANGING, ""), size);

/**
 * Greedy wrap of `tokens` (kept whole when they fit on a line, broken by character when
 * they cannot fit even on a line of their own) into at most `maxLines` lines of at most
 * `width` px; "…" ends the last line when the text is cut.
 */
function wrap(tokens: string[], width: number, size: number, maxLines: number): string[] {
  const lines: string[] = [];
  let cur = "";
  let cut = false;
  const flush = (): boolean => {
    lines.push(cur);
    cur = "";
    return lines.length < maxLines;
  };
  outer: for (const tok of tokens) {
    if (lineWidth(cur + tok, size) <= width) {
      cur += tok;
      continue;
    }
    if (lineWidth(tok, size) <= width) {
      if (cur && !flush()) {
        cut = true;
        break;
      }
      cur = tok;
      continue;
    }
    for (const ch of tok) {
      if (cur && lineWidth(cur + ch, size) > width && !flush()) {
        cut = true;
        break outer;
      }
      cur += ch;
    }
  }
  if (!cut && cur) lines.push(cur);
  if (cut) {
    let last = "";
    while (lines.length && !last) last = lines.pop()!.replace(TRAILING, "");
    while (last && measure(last + ELLIPSIS, size) > width) last = Array.from(last).slice(0, -1).join("").replace(TRAILING, "");
    lines.push(last + ELLIPSIS);
  }
  return lines;
}

/** Items joined by `sep`, each separator attached to the item before it (so lines break after it). */
function joined(items: string[], sep: string): string[] {
  return items.map((s, i) => (i < items.length - 1 ? s + sep : s));
}

function limitLabel(limit: StageLimit): string {
  return `${limit.amount}${limit.unit === "workingDays" ? "个工作日" : "日"}`;
}

function documentTokens(docs: (DocKind | DocKind[])[]): string[] {
  const tokens: string[] = [];
  docs.forEach((d, i) => {
    const group = joined((Array.isArray(d) ? d : [d]).map((k) => DOC_KIND_LABELS[k] ?? String(k)), "或");
    if (i < docs.length - 1 && group.length) group[group.length - 1] += "、";
    tokens.push(...group);
  });
  return tokens;
}

// ---------------------------------------------------------------------------------------
// Stage boxes
// ---------------------------------------------------------------------------------------

interface TextLine {
  text: string;
  /** Relative to the box's left edge (left-aligned) or centre (name lines). */
  dx: number;
  /** Baseline, relative to the box's top. */
  dy: number;
}

interface Badge {
  text: string;
  red: boolean;
  dx: number;
  dy: number;
  w: number;
}

interface BoxContent {
  names: TextLine[];
  dividerY: number;
  info: TextLine[];
  badges: Badge[];
  h: number;
}

function boxContent(stage: StageDef, w: number): BoxContent {
  const inner = w - 2 * PAD_X;
  const nameLines = wrap(Array.from(stage.name), inner, NAME_SIZE, 2);
  const names = nameLines.map((text, i) => ({ text, dx: 0, dy: 24 + i * NAME_LH }));
  const dividerY = 24 + (nameLines.length - 1) * NAME_LH + 10;

  const info: TextLine[] = [];
  let y = dividerY + 4;
  const addField = (prefix: string, tokens: string[]) => {
    if (!tokens.length) return;
    const indent = measure(prefix, INFO_SIZE);
    const lines = wrap(tokens, Math.min(inner - indent, INFO_MAX_W), INFO_SIZE, INFO_MAX_LINES);
    lines.forEach((text, i) => {
      y += INFO_LH;
      info.push(i === 0 ? { text: prefix + text, dx: PAD_X, dy: y } : { text, dx: PAD_X + indent, dy: y });
    });
  };
  addField("办理：", joined(stage.actors.map((r) => ROLE_LABELS[r] ?? String(r)), "、"));
  addField("文书：", documentTokens(stage.documents ?? []));
  if (stage.limit) addField("期限：", [limitLabel(stage.limit)]);

  const marks: { text: string; red: boolean }[] = [];
  if (stage.minTeam !== undefined && stage.minTeam >= 2) marks.push({ text: `须${stage.minTeam}名以上执法人员`, red: false });
  if (stage.av === "mandatory") marks.push({ text: "全过程音像记录", red: true });
  else if (stage.av === "expected") marks.push({ text: "音像记录", red: false });
  if (stage.majorGate) marks.push({ text: "重大决定须法制审核", red: true });
  if (stage.suspendable) marks.push({ text: "可中止计时", red: false });

  const badges: Badge[] = [];
  let bottom = y + 6; // below the last baseline (descenders)
  if (marks.length) {
    let bx = PAD_X;
    let by = y + 10;
    for (const m of marks) {
      const bw = Math.min(measure(m.text, INFO_SIZE) + 2 * BADGE_PAD, inner);
      if (bx > PAD_X && bx + bw > w - PAD_X) {
        bx = PAD_X;
        by += BADGE_H + BADGE_GAP;
      }
      badges.push({ text: m.text, red: m.red, dx: bx, dy: by, w: bw });
      bx += bw + BADGE_GAP;
    }
    bottom = by + BADGE_H;
  }
  return { names, dividerY, info, badges, h: bottom + 12 };
}

// ---------------------------------------------------------------------------------------
// Graph layout
// ---------------------------------------------------------------------------------------

interface Edge {
  from: number;
  to: number;
  /** The first listed `next`: the usual path (solid); the others are drawn dashed. */
  primary: boolean;
  back: boolean;
}

interface Box {
  stage: StageDef;
  row: number;
  x: number;
  y: number;
  w: number;
  content: BoxContent;
}

/**
 * Rows by longest path from the first stage along `next` (back edges found by a depth-first
 * search from the first stage are ignored, so a cycle cannot loop the layout).
 */
function layoutRows(n: number, edges: Edge[]): number[] {
  const out: number[][] = Array.from({ length: n }, () => []);
  edges.forEach((e, i) => out[e.from]!.push(i));
  const state = new Array<number>(n).fill(0); // 0 unseen, 1 on the stack, 2 done
  const post: number[] = [];
  const visit = (v: number) => {
    state[v] = 1;
    for (const i of out[v]!) {
      const e = edges[i]!;
      if (state[e.to] === 1) e.back = true;
      else if (state[e.to] === 0) visit(e.to);
    }
    state[v] = 2;
    post.push(v);
  };
  for (let v = 0; v < n; v++) if (state[v] === 0) visit(v);
  const depth = new Array<number>(n).fill(0);
  for (const v of post.reverse()) {
    for (const i of out[v]!) {
      const e = edges[i]!;
      if (!e.back) depth[e.to] = Math.max(depth[e.to]!, depth[v]! + 1);
    }
  }
  return depth;
}

// ---------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------

function text(x: number, y: number, size: number, fill: string, content: string, extra = ""): string {
  return `<text x="${num(x)}" y="${num(y)}" font-size="${size}" fill="${fill}"${extra}>${esc(content)}</text>`;
}

/**
 * 行政执法流程图 (R-LIST-08): the published flowchart rendered from the same definition the
 * platform enforces (R-CASE-01). Returns a standalone SVG document string; the same input
 * always gives the identical string.
 *
 * Stages are laid out top to bottom by longest path from the first stage; an edge to the next
 * row is drawn straight down (turning only in the gap between rows), every other edge (one
 * that skips rows, or goes back) runs down a lane right of the boxes, so no arrow crosses a
 * box. The first listed `next` of a stage is the usual path (solid), the others dashed.
 * `next` keys that name no stage are not drawn (validateWorkflow reports them).
 */
export function workflowSvg(def: WorkflowDefinition, options: FlowchartOptions = {}): string {
  const requested = typeof options.width === "number" && Number.isFinite(options.width) ? Math.max(MIN_WIDTH, Math.round(options.width)) : DEFAULT_WIDTH;
  const showTitle = options.title !== false;

  // --- graph --------------------------------------------------------------------------
  const stages: StageDef[] = [];
  const index = new Map<string, number>();
  for (const s of def.stages) {
    if (index.has(s.key)) continue;
    index.set(s.key, stages.length);
    stages.push(s);
  }
  const edges: Edge[] = [];
  stages.forEach((s, from) => {
    s.next.forEach((key, j) => {
      const to = index.get(key);
      if (to !== undefined) edges.push({ from, to, primary: j === 0, back: false });
    });
  });
  const depth = layoutRows(stages.length, edges);
  const rowCount = stages.length ? Math.max(...depth) + 1 : 0;

  // order within a row: by the mean position of the stages leading to it, then definition order
  const rows: number[][] = Array.from({ length: rowCount }, () => []);
  const pos = new Array<number>(stages.length).fill(0);
  const byRow = stages.map((_, i) => i);
  for (let r = 0; r < rowCount; r++) {
    const members = byRow.filter((i) => depth[i] === r);
    const weight = (i: number): number => {
      const preds = edges.filter((e) => e.to === i && !e.back && depth[e.from]! < r).map((e) => pos[e.from]!);
      return preds.length ? preds.reduce((a, b) => a + b, 0) / preds.length : Number.POSITIVE_INFINITY;
    };
    const weights = new Map(members.map((i) => [i, weight(i)]));
    members.sort((a, b) => {
      const wa = weights.get(a)!;
      const wb = weights.get(b)!;
      return wa === wb ? a - b : wa < wb ? -1 : 1;
    });
    members.forEach((i, k) => (pos[i] = (k + 0.5) / members.length));
    rows[r] = members;
  }

  const adjacent = (e: Edge) => !e.back && depth[e.to] === depth[e.from]! + 1;
  // inner lanes for the shorter detours
  const routed = edges
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => !adjacent(e))
    .sort((a, b) => Math.abs(depth[a.e.to]! - depth[a.e.from]!) - Math.abs(depth[b.e.to]! - depth[b.e.from]!) || a.i - b.i);
  const laneOf = new Map(routed.map(({ i }, k) => [i, k]));
  const laneSpace = routed.length ? LANE_OFFSET + (routed.length - 1) * LANE_GAP + MARGIN / 2 : 0;

  // --- widths -------------------------------------------------------------------------
  const availAt = (w: number) => w - 2 * MARGIN - laneSpace;
  const boxWidth = (count: number, avail: number) => Math.max(BOX_MIN_W, Math.min(BOX_MAX_W, (avail - (count - 1) * COL_GAP) / count));
  let width = requested;
  for (const members of rows) {
    const bw = boxWidth(members.length, availAt(requested));
    width = Math.max(width, Math.ceil(members.length * bw + (members.length - 1) * COL_GAP + 2 * MARGIN + laneSpace));
  }
  const avail = availAt(width);
  // centred on the page when the widest row and the lanes beside it allow it
  const widest = rows.reduce((m, members) => Math.max(m, members.length * boxWidth(members.length, avail) + (members.length - 1) * COL_GAP), 0);
  const centre = Math.min(width / 2, width - MARGIN - laneSpace - widest / 2);

  // --- header -------------------------------------------------------------------------
  const titleText = `${def.name}流程图 第${def.version}版`;
  const header: string[] = [];
  let y = MARGIN;
  if (showTitle) {
    for (const line of wrap(Array.from(titleText), width - 2 * MARGIN, 20, 2)) {
      header.push(text(width / 2, y + 20, 20, COLOR.title, line, ` font-weight="bold" text-anchor="middle"`));
      y += 28;
    }
    y += 4;
  }
  if (def.caseLimit) {
    // break between clauses where possible: "（《行政许可法》第四十二条：" | "受理之日起…（第八十二条：" | "日指工作日））"
    const clauses = `（${def.caseLimit.basis}）`.match(/[^：，；。、]*(?:[：，；。、]+|$)/gu)!.filter(Boolean);
    const tokens = [`案件办理期限：${limitLabel(def.caseLimit)}`, ...clauses];
    for (const line of wrap(tokens, width - 2 * MARGIN, 13, 3)) {
      header.push(text(width / 2, y + 15, 13, COLOR.sub, line, ` text-anchor="middle"`));
      y += 20;
    }
  }
  const headerBottom = header.length ? y + 4 : 0;

  // --- boxes --------------------------------------------------------------------------
  const boxes: Box[] = new Array<Box>(stages.length);
  const entersRow0 = routed.some(({ e }) => depth[e.to] === 0);
  const rowTop: number[] = [];
  const rowBottom: number[] = [];
  let top = headerBottom + (entersRow0 ? ROW_GAP : header.length ? 16 : MARGIN);
  rows.forEach((members, r) => {
    const bw = boxWidth(members.length, avail);
    const total = members.length * bw + (members.length - 1) * COL_GAP;
    let x = centre - total / 2;
    let bottom = top;
    for (const i of members) {
      const content = boxContent(stages[i]!, bw);
      boxes[i] = { stage: stages[i]!, row: r, x, y: top, w: bw, content };
      bottom = Math.max(bottom, top + content.h);
      x += bw + COL_GAP;
    }
    rowTop[r] = top;
    rowBottom[r] = bottom;
    top = bottom + ROW_GAP;
  });
  const maxRight = boxes.reduce((m, b) => Math.max(m, b.x + b.w), 0);
  const leavesLast = routed.some(({ e }) => depth[e.from] === rowCount - 1);
  let height = rowCount ? rowBottom[rowCount - 1]! + (leavesLast ? ROW_GAP : MARGIN) : headerBottom + MARGIN;

  // --- edges --------------------------------------------------------------------------
  const ids = `flow-${def.key.replace(/[^A-Za-z0-9_-]/g, "-")}-v${def.version}`;
  const edgeSvg = edges.map((e, i) => {
    const s = boxes[e.from]!;
    const t = boxes[e.to]!;
    const sx = s.x + s.w / 2;
    const sy = s.y + s.content.h;
    const tx = t.x + t.w / 2;
    const ty = t.y;
    let d: string;
    const lane = laneOf.get(i);
    if (lane === undefined) {
      const mid = rowTop[t.row]! - ROW_GAP / 2;
      d = sx === tx ? `M${num(sx)} ${num(sy)} V${num(ty)}` : `M${num(sx)} ${num(sy)} V${num(mid)} H${num(tx)} V${num(ty)}`;
    } else {
      const lx = maxRight + LANE_OFFSET + lane * LANE_GAP;
      const out = rowBottom[s.row]! + 12 + 6 * (lane % 2);
      const into = rowTop[t.row]! - 14 - 6 * (lane % 2);
      d = `M${num(sx)} ${num(sy)} V${num(out)} H${num(lx)} V${num(into)} H${num(tx)} V${num(ty)}`;
    }
    const dash = e.primary ? "" : ` stroke-dasharray="6 4"`;
    return `<path class="edge" d="${d}" fill="none" stroke="${COLOR.edge}" stroke-width="1.5"${dash} marker-end="url(#${ids}-arrow)"/>`;
  });

  // --- legend -------------------------------------------------------------------------
  const legend: string[] = [];
  if (edges.some((e) => !e.primary)) {
    const ly = height + 4;
    const items: [string, string][] = [
      ["", "通常流转"],
      [` stroke-dasharray="6 4"`, "视情况流转"],
    ];
    const itemW = items.map(([, label]) => 36 + measure(label, INFO_SIZE));
    let lx = width / 2 - (itemW.reduce((a, b) => a + b, 0) + 24) / 2;
    items.forEach(([dash, label], k) => {
      legend.push(`<line x1="${num(lx)}" y1="${num(ly)}" x2="${num(lx + 28)}" y2="${num(ly)}" stroke="${COLOR.edge}" stroke-width="1.5"${dash}/>`);
      legend.push(text(lx + 36, ly + 4, INFO_SIZE, COLOR.info, label));
      lx += itemW[k]! + 24;
    });
    height = ly + 4 + MARGIN;
  }
  height = Math.ceil(height);

  // --- document -----------------------------------------------------------------------
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${ids}-title" font-family="${esc(FONT_FAMILY)}">`,
  );
  out.push(`<title id="${ids}-title">${esc(titleText)}</title>`);
  out.push(
    `<defs><marker id="${ids}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="${COLOR.edge}"/></marker></defs>`,
  );
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(...header);
  out.push(`<g class="edges">`, ...edgeSvg, `</g>`);
  out.push(`<g class="stages">`);
  for (const b of boxes) {
    const c = b.content;
    out.push(`<g class="stage-group" data-stage="${esc(b.stage.key)}">`);
    out.push(
      `<rect class="stage" x="${num(b.x)}" y="${num(b.y)}" width="${num(b.w)}" height="${num(c.h)}" rx="8" ry="8" fill="${COLOR.boxFill}" stroke="${COLOR.boxStroke}" stroke-width="1.5"/>`,
    );
    for (const l of c.names) out.push(text(b.x + b.w / 2, b.y + l.dy, NAME_SIZE, COLOR.name, l.text, ` font-weight="bold" text-anchor="middle"`));
    out.push(`<line x1="${num(b.x + PAD_X)}" y1="${num(b.y + c.dividerY)}" x2="${num(b.x + b.w - PAD_X)}" y2="${num(b.y + c.dividerY)}" stroke="${COLOR.divider}" stroke-width="1"/>`);
    for (const l of c.info) out.push(text(b.x + l.dx, b.y + l.dy, INFO_SIZE, COLOR.info, l.text));
    for (const m of c.badges) {
      out.push(
        `<rect class="badge" x="${num(b.x + m.dx)}" y="${num(b.y + m.dy)}" width="${num(m.w)}" height="${BADGE_H}" rx="10" ry="10" fill="${m.red ? COLOR.redFill : COLOR.greyFill}" stroke="${m.red ? COLOR.red : COLOR.greyStroke}" stroke-width="1"/>`,
      );
      out.push(text(b.x + m.dx + m.w / 2, b.y + m.dy + 14, INFO_SIZE, m.red ? COLOR.red : COLOR.info, m.text, ` text-anchor="middle"`));
    }
    out.push(`</g>`);
  }
  out.push(`</g>`);
  out.push(...legend);
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
