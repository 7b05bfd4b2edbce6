/**
 * Chinese explanations of regular expressions used in schemas (e.g. "执法证号只能包含数字、
 * 字母和连字符"), registered where the schema is declared, so a pattern error says what is
 * expected rather than "格式不正确".
 */
const patternMessages = new Map<string, string>([
  ["^\\d{6}$", "应为 6 位数字的行政区划代码"],
  ["^[0-9A-HJ-NPQRTUWXY]{18}$", "统一社会信用代码应为 18 位数字或大写字母"],
  ["^[0-9A-Za-z_-]+$", "编码只能包含数字、字母、下划线和连字符"],
]);

export function registerPatternMessage(pattern: string, message: string): void {
  if (!patternMessages.has(pattern)) patternMessages.set(pattern, message);
}

/** ajv messages → Chinese, for the fields the UI shows beside the inputs. */
export function chineseMessage(e: { keyword: string; params: Record<string, unknown>; message?: string }): string {
  switch (e.keyword) {
    case "required":
      return "必填";
    case "minLength":
      return e.params.limit === 1 ? "不能为空" : `长度不能少于 ${String(e.params.limit)} 个字符`;
    case "maxLength":
      return `长度不能超过 ${String(e.params.limit)} 个字符`;
    case "minimum":
      return `不能小于 ${String(e.params.limit)}`;
    case "maximum":
      return `不能大于 ${String(e.params.limit)}`;
    case "pattern":
      return patternMessages.get(String(e.params.pattern)) ?? "格式不正确";
    case "format":
      return e.params.format === "date" ? "日期格式应为 YYYY-MM-DD" : "格式不正确";
    case "enum":
    case "const":
    case "anyOf":
      return "取值不在允许范围内";
    case "type":
      return "类型不正确";
    case "minItems":
      return `至少需要 ${String(e.params.limit)} 项`;
    default:
      return e.message ?? "不合法";
  }
}

