import type { FormInstance } from "antd";
import type { MessageInstance } from "antd/es/message/interface";
import { ApiError, errorMessage, fieldProblems } from "../api.ts";

/**
 * Shows a failed save: field problems go onto the form's fields (the server's Chinese
 * messages), anything else as a message. `labels` maps the form's field names to labels; `rename`
 * maps a server field to the form field that holds it (e.g. `amountFen` → `amount` in 元).
 * Returns true when the error was a stale version.
 */
export function showSaveError(form: FormInstance, e: unknown, message: MessageInstance, labels: Record<string, string>, rename: Record<string, string> = {}): boolean {
  if (e instanceof ApiError && e.body.id === "stale_version") {
    void message.error({ content: e.body.message, duration: 8 });
    return true;
  }
  const problems = fieldProblems(e);
  if (problems.length === 0) {
    void message.error(errorMessage(e));
    return false;
  }
  // `labels`: the form's field names → Chinese labels
  const known = new Set(Object.keys(labels));
  const onForm = new Map<string, string[]>();
  const elsewhere: string[] = [];
  for (const p of problems) {
    const top = p.field.split(".")[0] ?? "";
    const key = rename[top] ?? top;
    if (known.has(key)) onForm.set(key, [...(onForm.get(key) ?? []), p.message]);
    else elsewhere.push(labels[key] ? `${labels[key]}：${p.message}` : p.message);
  }
  form.setFields([...onForm].map(([name, errors]) => ({ name, errors: [...new Set(errors)] })));
  if (onForm.size > 0) {
    const first = [...onForm.keys()][0];
    if (first) form.scrollToField(first, { block: "center" });
  }
  void message.error(elsewhere.length ? elsewhere.join("；") : errorMessage(e));
  return false;
}
