/**
 * Case numbers (R-CASE-02): one configurable numbering rule per deployment; numbers are unique,
 * never reused and gap-free per series. This module is the pure part: parsing and validating the
 * rule, the series key a sequence belongs to, and formatting a number. Allocating the next
 * sequence value (atomically, never reusing one) is the storage layer's job, one counter per series.
 *
 * A rule is a template with tokens:
 * - `{agency}`  the agency's code;
 * - `{short}`   the agency's short name (e.g. "X市监");
 * - `{type}`    one-character abbreviation of the action type (许 罚 强 检 征 用 费 奖 确);
 * - `{year}`    the 4-digit year — required: every series restarts each year (河北 style);
 * - `{seq}` / `{seq:N}`  the sequence, zero-padded to N digits (N = 1…10; `{seq}` = no padding) —
 *   required, exactly once. A sequence wider than N is printed in full, never truncated.
 * Any other text is literal (e.g. `{short}{type}〔{year}〕{seq:5}号`); braces are only used for tokens.
 *
 * Two numbers share a sequence iff they share a series ({@link caseNumberSeries}: the number with the
 * sequence replaced by "#"). Distinct series yield distinct numbers as long as the rendering can be
 * read back unambiguously: either fixed-length values (agency codes of the same length, as 统一社会信用
 * 代码 or region-based codes are) or literal separators that the values do not contain (e.g.
 * `{agency}-{type}-{year}-{seq:5}`). A rule such as `{agency}{seq}` with agency codes of different
 * lengths can collide ("1" + 23 and "12" + 3 both give "123") and should not be configured.
 */
import type { ActionType } from "./enums.ts";
import { ACTION_TYPES } from "./enums.ts";

export const DEFAULT_CASE_NUMBER_RULE = "{short}{type}〔{year}〕{seq:5}号";

/** 执法行为类别 → the one-character abbreviation used in case numbers. */
export const ACTION_TYPE_ABBREVIATIONS: Record<ActionType, string> = {
  permit: "许",
  penalty: "罚",
  coercion: "强",
  inspection: "检",
  levy: "征",
  requisition: "用",
  fee: "费",
  reward: "奖",
  confirmation: "确",
};

/** Maximum template length, in characters (code points). */
export const CASE_NUMBER_RULE_MAX_LENGTH = 100;
/** Maximum padding width of `{seq:N}`. */
export const CASE_NUMBER_SEQ_MAX_WIDTH = 10;
/** Stands for the sequence in a series key. */
export const CASE_NUMBER_SERIES_PLACEHOLDER = "#";

export type CaseNumberRuleErrorCode =
  | "empty"
  | "too_long"
  | "unknown_token"
  | "unclosed_brace"
  | "stray_brace"
  | "missing_seq"
  | "duplicate_seq"
  | "bad_width"
  | "missing_year";

export class CaseNumberRuleError extends Error {
  constructor(readonly code: CaseNumberRuleErrorCode, message: string) {
    super(message);
    this.name = "CaseNumberRuleError";
  }
}

export type CaseNumberToken =
  | { kind: "literal"; text: string }
  | { kind: "agency" }
  | { kind: "short" }
  | { kind: "type" }
  | { kind: "year" }
  | { kind: "seq"; width: number };

export interface ParsedRule {
  template: string;
  tokens: readonly CaseNumberToken[];
  /** Padding width of the sequence (1 = no padding). */
  seqWidth: number;
}

export interface CaseNumberParts {
  agencyCode: string;
  agencyShort: string;
  actionType: ActionType;
  year: number;
}

interface Problem {
  code: CaseNumberRuleErrorCode;
  message: string;
}

type SimpleKind = "agency" | "short" | "type" | "year";
const SIMPLE_TOKENS: Readonly<Record<string, SimpleKind>> = {
  agency: "agency",
  short: "short",
  type: "type",
  year: "year",
};

function analyse(template: unknown): { tokens: CaseNumberToken[]; seqWidth: number; problems: Problem[] } {
  const tokens: CaseNumberToken[] = [];
  const problems: Problem[] = [];
  if (typeof template !== "string" || template.trim() === "") {
    return { tokens, seqWidth: 1, problems: [{ code: "empty", message: "编号规则不能为空" }] };
  }
  if ([...template].length > CASE_NUMBER_RULE_MAX_LENGTH) {
    problems.push({ code: "too_long", message: `编号规则过长（不得超过 ${CASE_NUMBER_RULE_MAX_LENGTH} 个字符）` });
  }
  let literal = "";
  const flush = () => {
    if (literal !== "") tokens.push({ kind: "literal", text: literal });
    literal = "";
  };
  let seqCount = 0;
  let seqWidth = 1;
  let hasYear = false;
  let i = 0;
  while (i < template.length) {
    const ch = template[i] as string;
    if (ch === "}") {
      problems.push({ code: "stray_brace", message: `编号规则第 ${i + 1} 个字符处有多余的“}”` });
      i += 1;
      continue;
    }
    if (ch !== "{") {
      literal += ch;
      i += 1;
      continue;
    }
    const close = template.indexOf("}", i + 1);
    const nextOpen = template.indexOf("{", i + 1);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      problems.push({ code: "unclosed_brace", message: `编号规则第 ${i + 1} 个字符处的“{”缺少对应的“}”` });
      literal += ch; // keep going: report further problems
      i += 1;
      continue;
    }
    const name = template.slice(i + 1, close);
    i = close + 1;
    flush();
    const simple = Object.hasOwn(SIMPLE_TOKENS, name) ? SIMPLE_TOKENS[name] : undefined;
    if (simple !== undefined) {
      tokens.push({ kind: simple });
      if (simple === "year") hasYear = true;
      continue;
    }
    if (name === "seq" || name.startsWith("seq:")) {
      seqCount += 1;
      let width = 1;
      if (name !== "seq") {
        const digits = name.slice(4);
        if (/^[1-9]\d?$/.test(digits) && Number(digits) <= CASE_NUMBER_SEQ_MAX_WIDTH) {
          width = Number(digits);
        } else {
          problems.push({
            code: "bad_width",
            message: `流水号位数“${digits}”无效，应为 1 至 ${CASE_NUMBER_SEQ_MAX_WIDTH} 的整数，如 {seq:5}`,
          });
        }
      }
      if (seqCount === 1) seqWidth = width;
      tokens.push({ kind: "seq", width });
      continue;
    }
    problems.push({
      code: "unknown_token",
      message: `编号规则中的“{${name}}”无法识别，可用：{agency}、{short}、{type}、{year}、{seq} 或 {seq:N}`,
    });
  }
  flush();
  if (seqCount === 0) problems.push({ code: "missing_seq", message: "编号规则必须包含 {seq}（流水号）" });
  if (seqCount > 1) problems.push({ code: "duplicate_seq", message: "编号规则只能包含一个 {seq}（流水号）" });
  if (!hasYear) problems.push({ code: "missing_year", message: "编号规则必须包含 {year}（年度），流水号每年重新起编" });
  return { tokens, seqWidth, problems };
}

/** Parses a rule; throws {@link CaseNumberRuleError} (the first problem found) when it is invalid. */
export function parseCaseNumberRule(template: string): ParsedRule {
  const { tokens, seqWidth, problems } = analyse(template);
  const first = problems[0];
  if (first) throw new CaseNumberRuleError(first.code, first.message);
  return { template, tokens: Object.freeze(tokens), seqWidth };
}

/** Every problem of a rule, in Chinese; [] when the rule is valid. */
export function validateCaseNumberRule(template: string): string[] {
  return analyse(template).problems.map((p) => p.message);
}

function assertParts(rule: ParsedRule, parts: CaseNumberParts): void {
  if (!Number.isInteger(parts.year) || parts.year < 1000 || parts.year > 9999) {
    throw new RangeError(`Invalid year ${String(parts.year)}: expected a 4-digit year`);
  }
  if (!(ACTION_TYPES as readonly string[]).includes(parts.actionType)) {
    throw new RangeError(`Invalid action type "${String(parts.actionType)}"`);
  }
  for (const token of rule.tokens) {
    if (token.kind === "agency" && (typeof parts.agencyCode !== "string" || parts.agencyCode === "")) {
      throw new RangeError("The rule uses {agency} but the agency code is empty");
    }
    if (token.kind === "short" && (typeof parts.agencyShort !== "string" || parts.agencyShort === "")) {
      throw new RangeError("The rule uses {short} but the agency short name is empty");
    }
  }
}

function render(rule: ParsedRule, parts: CaseNumberParts, seqText: string): string {
  let out = "";
  for (const token of rule.tokens) {
    switch (token.kind) {
      case "literal":
        out += token.text;
        break;
      case "agency":
        out += parts.agencyCode;
        break;
      case "short":
        out += parts.agencyShort;
        break;
      case "type":
        out += ACTION_TYPE_ABBREVIATIONS[parts.actionType];
        break;
      case "year":
        out += String(parts.year);
        break;
      case "seq":
        out += seqText;
        break;
    }
  }
  return out;
}

/** The series key: the number rendered with the sequence replaced by "#". Same series ⇔ same sequence. */
export function caseNumberSeries(rule: ParsedRule, parts: CaseNumberParts): string {
  assertParts(rule, parts);
  return render(rule, parts, CASE_NUMBER_SERIES_PLACEHOLDER);
}

/** The case number for sequence value `seq` (a positive safe integer), zero-padded to the rule's width. */
export function formatCaseNumber(rule: ParsedRule, parts: CaseNumberParts, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`Invalid sequence ${String(seq)}: expected a positive integer`);
  }
  assertParts(rule, parts);
  return render(rule, parts, String(seq).padStart(rule.seqWidth, "0"));
}

/** Usual abbreviations of enforcement domains in 文书 numbers (示市监罚, 东城管罚…). */
const DOMAIN_ABBREVIATIONS: readonly [string, string][] = [
  ["城市管理综合行政执法", "城管"],
  ["综合行政执法", "综执"],
  ["市场监督管理", "市监"],
  ["生态环境", "环"],
  ["交通运输", "交"],
  ["应急管理", "应急"],
  ["自然资源和规划", "自然资源"],
  ["卫生健康", "卫健"],
  ["文化和旅游", "文旅"],
  ["文化广电和旅游", "文旅"],
  ["农业农村", "农"],
  ["住房和城乡建设", "住建"],
  ["人力资源和社会保障", "人社"],
  ["水利", "水"],
  ["司法", "司"],
  ["公安", "公"],
  ["税务", "税"],
];

/**
 * The agency's short name for `{short}` (e.g. 示范市市场监督管理局 → 示市监, 示范市东城区城市管理综合
 * 行政执法局 → 示东城管): the first character of each place name (省/市/区/县 prefix), then the
 * domain's usual abbreviation, or the first two characters of what remains.
 */
export function agencyAbbreviation(name: string): string {
  let rest = name.trim();
  let places = "";
  const known = () => DOMAIN_ABBREVIATIONS.find(([full]) => rest.startsWith(full));
  for (;;) {
    if (known()) break;
    const m = /^([^省市区县]{1,6}?[省市区县])/u.exec(rest);
    if (!m || m[1]!.length < 2) break;
    places += m[1]![0];
    rest = rest.slice(m[1]!.length);
  }
  const hit = known();
  const domain = hit ? hit[1] : [...rest.replace(/(人民政府|办事处|委员会|分局|管理局|局|厅|委|办)$/u, "")].slice(0, 2).join("");
  const out = places + domain;
  return out || name.slice(0, 4);
}
