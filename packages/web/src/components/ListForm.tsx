import { useEffect, useState } from "react";
import { App, Button, Drawer, Form, Grid, Space, Typography } from "antd";
import { patch, post, type ListMeta, type ListRowData } from "../api.ts";
import { FieldItem, toBody, toFormValues } from "./fields.tsx";
import { showSaveError } from "./errors.ts";

interface Props {
  list: ListMeta;
  /** The row to edit; null = create a new row in `agencyId`. */
  row: ListRowData | null;
  agencyId: string;
  agencyName?: string;
  open: boolean;
  onClose(): void;
  onSaved(row: ListRowData): void;
}

/** Create/edit form of any list, rendered from its field metadata (R-LIST-10). */
export function ListForm({ list, row, agencyId, agencyName, open, onClose, onSaved }: Props) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const screens = Grid.useBreakpoint();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(toFormValues(list.fields, row ?? undefined));
  }, [open, row, list, form]);

  const labels = Object.fromEntries(list.fields.map((f) => [f.key, f.label]));

  const submit = async () => {
    let values: Record<string, unknown>;
    try {
      values = (await form.validateFields()) as Record<string, unknown>;
    } catch {
      return;
    }
    setSaving(true);
    try {
      const body = toBody(list.fields, values);
      const saved = row
        ? await patch<ListRowData>(`/api/lists/${list.kind}/${row.id}`, { ...body, version: row.version })
        : await post<ListRowData>(`/api/lists/${list.kind}`, { ...body, agencyId });
      void message.success(row ? "已保存" : "已新增");
      onSaved(saved);
    } catch (e) {
      showSaveError(form, e, message, labels);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={`${row ? "编辑" : "新增"}：${list.label}`}
      size={screens.md ? 560 : "100%"}
      destroyOnHidden
      footer={
        <Space style={{ width: "100%", justifyContent: "flex-end" }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">所属执法主体：{row?.agencyName ?? agencyName ?? "—"}</Typography.Paragraph>
      <Form form={form} name={`list-${list.kind}`} layout="vertical" scrollToFirstError>
        {list.fields.map((f) => (
          <FieldItem key={f.key} field={f} />
        ))}
      </Form>
    </Drawer>
  );
}
