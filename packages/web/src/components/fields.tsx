import type { ReactNode } from "react";
import { DatePicker, Form, Input, InputNumber, Select, Switch, Tag, Typography } from "antd";
import type { Rule } from "antd/es/form";
import dayjs, { type Dayjs } from "dayjs";
import type { FieldMeta } from "../api.ts";

/** Client-side form rules from a field's metadata (the server checks the same limits again). */
export function fieldRules(f: FieldMeta): Rule[] {
  const rules: Rule[] = [];
  const choose = f.type === "enum" || f.type === "enumArray" || f.type === "date";
  if (f.required) {
    if (f.type === "enumArray" || f.type === "textArray") rules.push({ required: true, type: "array", min: 1, message: `请至少填写一项${f.label}` });
    else if (f.type !== "bool") rules.push({ required: true, whitespace: f.type === "text" || f.type === "longtext", message: `请${choose ? "选择" : "填写"}${f.label}` });
  }
  if ((f.type === "text" || f.type === "longtext") && f.maxLength) rules.push({ max: f.maxLength, message: `${f.label}不能超过 ${f.maxLength} 个字` });
  if (f.type === "text" && f.pattern) rules.push({ pattern: new RegExp(f.pattern), message: f.patternMessage ?? `${f.label}格式不正确` });
  if (f.type === "int" || f.type === "number") {
    if (f.min !== undefined) rules.push({ type: "number", min: f.min, message: `${f.label}不能小于 ${f.min}` });
    if (f.max !== undefined) rules.push({ type: "number", max: f.max, message: `${f.label}不能大于 ${f.max}` });
  }
  if (f.type === "textArray" && (f.pattern || f.maxLength)) {
    const re = f.pattern ? new RegExp(f.pattern) : null;
    rules.push({
      validator: async (_rule, value: unknown) => {
        for (const item of Array.isArray(value) ? (value as string[]) : []) {
          if (re && !re.test(item)) throw new Error(f.patternMessage ? `${f.patternMessage}（${item}）` : `“${item}”格式不正确`);
          if (f.maxLength && item.length > f.maxLength) throw new Error(`“${item}”超过 ${f.maxLength} 个字`);
        }
      },
    });
  }
  return rules;
}

const toDay = (v: unknown) => ({ value: typeof v === "string" && v ? dayjs(v) : null });
const fromDay = (d: Dayjs | null) => (d ? d.format("YYYY-MM-DD") : null);

/** The form control of one field. Values in the form store are API values (dates as YYYY-MM-DD). */
export function FieldItem({ field: f }: { field: FieldMeta }) {
  const common = { name: f.key, label: f.label, rules: fieldRules(f), extra: f.help, required: f.required && f.type !== "bool" };
  const options = f.options?.map((o) => ({ value: o.value, label: o.label }));
  switch (f.type) {
    case "longtext":
      return (
        <Form.Item {...common}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} showCount={!!f.maxLength} maxLength={f.maxLength} />
        </Form.Item>
      );
    case "int":
    case "number":
      return (
        <Form.Item {...common}>
          <InputNumber style={{ width: "100%" }} min={f.min} max={f.max} precision={f.type === "int" ? 0 : undefined} />
        </Form.Item>
      );
    case "date":
      return (
        <Form.Item {...common} getValueProps={toDay} normalize={fromDay}>
          <DatePicker style={{ width: "100%" }} format="YYYY-MM-DD" placeholder="选择日期" />
        </Form.Item>
      );
    case "enum":
      return (
        <Form.Item {...common}>
          <Select options={options} allowClear={!f.required} placeholder="请选择" showSearch={{ optionFilterProp: "label" }} />
        </Form.Item>
      );
    case "enumArray":
      return (
        <Form.Item {...common}>
          <Select mode="multiple" options={options} allowClear placeholder="请选择（可多选）" showSearch={{ optionFilterProp: "label" }} />
        </Form.Item>
      );
    case "textArray":
      return (
        <Form.Item {...common} extra={f.help ?? "输入后按回车添加，可填写多项"}>
          <Select mode="tags" tokenSeparators={[",", "，", "、", " "]} open={false} suffixIcon={null} placeholder="输入后按回车" />
        </Form.Item>
      );
    case "bool":
      return (
        <Form.Item {...common} valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common}>
          <Input maxLength={f.maxLength} allowClear />
        </Form.Item>
      );
  }
}

/** Form values of a row (edit) or of a new row (create: booleans default to true when named so). */
export function toFormValues(fields: FieldMeta[], row?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = row?.[f.key];
    if (f.type === "enumArray" || f.type === "textArray") out[f.key] = Array.isArray(v) ? v : [];
    else if (f.type === "bool") out[f.key] = row ? v === true : f.key === "active";
    else out[f.key] = v ?? undefined;
  }
  return out;
}

/** The API body from form values: empty strings become null, arrays and booleans get defaults. */
export function toBody(fields: FieldMeta[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (f.type === "enumArray" || f.type === "textArray") out[f.key] = Array.isArray(v) ? v.map((x) => String(x).trim()).filter(Boolean) : [];
    else if (f.type === "bool") out[f.key] = v === true;
    else if (v === undefined || v === null || (typeof v === "string" && v.trim() === "" && f.type !== "longtext")) out[f.key] = null;
    else if (typeof v === "string" && f.type !== "longtext") out[f.key] = v.trim();
    else out[f.key] = v;
  }
  return out;
}

const optionLabel = (f: FieldMeta, v: unknown) => f.options?.find((o) => o.value === v)?.label ?? String(v);

/** Plain-text rendering of a value (history, cards, exports). */
export function valueText(f: FieldMeta | undefined, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  // timestamps of bookkeeping columns (audit rows carry them as ISO strings)
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return dayjs(v).format("YYYY-MM-DD HH:mm:ss");
  if (!f) return Array.isArray(v) ? v.join("、") : typeof v === "object" ? JSON.stringify(v) : String(v);
  if (f.type === "bool") return v === true || v === "true" ? "是" : "否";
  if (Array.isArray(v)) return v.length ? v.map((x) => optionLabel(f, x)).join("、") : "—";
  if (f.type === "enum") return optionLabel(f, v);
  if (f.type === "date" && typeof v === "string") return v.slice(0, 10);
  if (f.type === "number" && typeof v === "number") return v.toLocaleString("zh-CN");
  return String(v);
}

/** Rendering of a value in a table cell: enum labels, arrays as tags, dates, 是/否. */
export function FieldValue({ field: f, value: v }: { field: FieldMeta; value: unknown }): ReactNode {
  if (Array.isArray(v)) {
    if (v.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
    return (
      <span style={{ display: "inline-flex", flexWrap: "wrap", gap: 4 }}>
        {v.map((x) => (
          <Tag key={String(x)} style={{ marginInlineEnd: 0 }}>
            {optionLabel(f, x)}
          </Tag>
        ))}
      </span>
    );
  }
  if (f.type === "bool") return v === true ? <Tag color="green">是</Tag> : <Tag>否</Tag>;
  if (f.type === "longtext" && typeof v === "string") return <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ marginBottom: 0, maxWidth: 360 }}>{v}</Typography.Paragraph>;
  return valueText(f, v);
}

export const snakeToCamel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
