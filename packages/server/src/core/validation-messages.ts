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
      return "格式不正确";
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

