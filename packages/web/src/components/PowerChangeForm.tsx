import { useEffect, useState } from "react";
import { App, Form, Input, Modal, Radio, Select, TreeSelect, Typography } from "antd";
import { ApiError, get, patch, post, type FieldMeta } from "../api.ts";
import { useSession } from "../session.tsx";
import { FieldItem, toBody, toFormValues } from "./fields.tsx";
import { showSaveError } from "./errors.ts";
import { agencyTree, useAgencies } from "./agencies.tsx";
import type { PowerItem } from "./PowerVersions.tsx";
import { chinaToday } from "../today.ts";

const DATE: FieldMeta = { key: "effectiveDate", label: "生效日期", type: "date", required: true, column: false, search: false, filter: false };

export type PowerChangeKind = "add" | "adjust" | "cancel" | "delegate" | "merge" | "correct";
const KIND_LABELS: Record<PowerChangeKind, string> = { add: "新增", adjust: "调整", cancel: "取消", delegate: "下放", merge: "合并", correct: "更正错漏" };

/** The agency's other current items, searched by code or name, for a 合并. */
function useOtherItems(agencyId: string, exclude: string | undefined, search: string, enabled: boolean) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const timer = setTimeout(() => {
      const q = search.trim() ? `&q=${encodeURIComponent(search.trim())}` : "";
      get<{ items: PowerItem[] }>(`/api/powers?agencyId=${agencyId}&pageSize=50${q}`)
        .then((r) => live && setOptions(r.items.filter((i) => i.itemCode !== exclude).map((i) => ({ value: i.itemCode, label: `${i.itemCode} ${i.name}` }))))
        .catch(() => live && setOptions([]));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [agencyId, exclude, search, enabled]);
  return options;
}

interface Props {
  /** The item to change; null = a new item (新增). */
  item: PowerItem | null;
  agencyId: string;
  fields: FieldMeta[];
  onClose(): void;
  onSaved(): void;
}

/**
 * Registers one dated change of the power list (R-LIST-03): 新增, 调整, 取消 or 下放. The item
 * is never edited in place: a change closes the current version and opens a new one. 更正
 * fixes a typo in the current version without a dated change (it stays in the audit trail).
 */
export function PowerChangeForm({ item, agencyId, fields, onClose, onSaved }: Props) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const { me } = useSession();
  const { agencies } = useAgencies();
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<PowerChangeKind>(item ? "adjust" : "add");
  const itemFields = fields.filter((f) => kind === "add" || kind === "merge" || f.key !== "itemCode");
  const [mergeSearch, setMergeSearch] = useState("");
  const mergeOptions = useOtherItems(agencyId, item?.itemCode, mergeSearch, kind === "merge");
  const dated = kind !== "correct";
  const initial = { effectiveDate: chinaToday().format("YYYY-MM-DD"), ...toFormValues(itemFields, item ?? undefined) };
  const owner = agencies.find((a) => a.id === agencyId);
  const below = owner && me ? agencyTree(agencies.filter((a) => a.path.startsWith(owner.path) && a.id !== owner.id)) : [];

  const changedFields = (v: Record<string, unknown>) => {
    const next = toBody(itemFields, v);
    const before = toBody(itemFields, toFormValues(itemFields, item!));
    return Object.fromEntries(Object.entries(next).filter(([k, x]) => JSON.stringify(x) !== JSON.stringify(before[k])));
  };

  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = (await form.validateFields()) as Record<string, unknown>;
    } catch {
      return;
    }
    const common = { agencyId, effectiveDate: v.effectiveDate, reason: String(v.reason ?? "").trim(), documentNo: v.documentNo ? String(v.documentNo).trim() : null };
    let request: () => Promise<unknown>;
    if (kind === "add") request = () => post("/api/powers/changes", { kind, ...common, item: toBody(itemFields, v) });
    else if (kind === "cancel") request = () => post("/api/powers/changes", { kind, ...common, itemCodes: [item!.itemCode] });
    else if (kind === "merge") request = () => post("/api/powers/changes", { kind, ...common, itemCodes: [item!.itemCode, ...(v.mergeWith as string[])], item: toBody(itemFields, v) });
    else if (kind === "delegate") request = () => post("/api/powers/changes", { kind, ...common, itemCodes: [item!.itemCode], toAgencyIds: v.toAgencyIds });
    else {
      const changes = changedFields(v);
      if (Object.keys(changes).length === 0) {
        void message.warning("没有修改任何内容");
        return;
      }
      request =
        kind === "adjust"
          ? () => post("/api/powers/changes", { kind, ...common, itemCode: item!.itemCode, changes })
          : () => patch(`/api/powers/versions/${item!.id}`, { version: item!.version, ...changes });
    }
    setBusy(true);
    try {
      await request();
      void message.success(kind === "correct" ? "已更正" : "变更已登记");
      onSaved();
    } catch (e) {
      // item fields come back as item.<key> / changes.<key>: put them on the form's fields
      if (e instanceof ApiError && Array.isArray(e.body.details)) for (const p of e.body.details as { field?: string }[]) if (typeof p.field === "string") p.field = p.field.replace(/^(item|changes)\./, "");
      const labels = Object.fromEntries([...itemFields, DATE].map((f) => [f.key, f.label]));
      showSaveError(form, e, message, { ...labels, reason: "变更理由", documentNo: "文号", toAgencyIds: "下放至", itemCodes: "合并的事项" });
    } finally {
      setBusy(false);
    }
  };

  const kinds: PowerChangeKind[] = item ? ["adjust", "cancel", ...(below.length ? (["delegate"] as const) : []), "merge", "correct"] : ["add"];
  return (
    <Modal
      open
      title={item ? `变更事项：${item.itemCode} ${item.name}` : "新增权力事项"}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={kind === "correct" ? "保存更正" : "登记变更"}
      cancelText="取消"
      confirmLoading={busy}
      width={680}
      destroyOnHidden
    >
      {item && (
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as PowerChangeKind)} style={{ marginBottom: 16 }} optionType="button">
          {kinds.map((k) => (
            <Radio.Button key={k} value={k}>
              {KIND_LABELS[k]}
            </Radio.Button>
          ))}
        </Radio.Group>
      )}
      <Form form={form} name="power-change" layout="vertical" initialValues={initial}>
        {dated && (
          <>
            <FieldItem field={DATE} />
            <Form.Item name="reason" label="变更理由" rules={[{ required: true, whitespace: true, message: "请填写变更理由" }, { max: 1000, message: "不能超过 1000 个字" }]}>
              <Input.TextArea autoSize={{ minRows: 2 }} placeholder="例如：依据《……》修订，调整设定依据" />
            </Form.Item>
            <Form.Item name="documentNo" label="文号" rules={[{ max: 100, message: "不能超过 100 个字" }]}>
              <Input placeholder="例如：示政发〔2026〕12号" />
            </Form.Item>
          </>
        )}
        {kind === "correct" && <Typography.Paragraph type="secondary">更正只用于改正现行版本的录入错误，不产生新版本；实质性修改请使用“调整”。</Typography.Paragraph>}
        {kind === "cancel" && <Typography.Paragraph type="warning">取消后该事项自生效日期起不再有效，历史版本仍可查询。</Typography.Paragraph>}
        {kind === "delegate" && (
          <Form.Item name="toAgencyIds" label="下放至" rules={[{ required: true, type: "array", min: 1, message: "请选择承接的下级执法主体" }]}>
            <TreeSelect treeData={below} multiple treeDefaultExpandAll placeholder="选择下级执法主体" showSearch={{ treeNodeFilterProp: "title" }} />
          </Form.Item>
        )}
        {kind === "merge" && (
          <>
            <Typography.Paragraph type="secondary">合并：本事项与所选事项自生效日期起取消，由下面填写的合并后事项（新的事项编码）取代，历史版本仍可查询。</Typography.Paragraph>
            <Form.Item name="mergeWith" label="与以下事项合并" rules={[{ required: true, type: "array", min: 1, message: "请至少选择一个要合并的事项" }]}>
              <Select mode="multiple" showSearch={{ filterOption: false, onSearch: setMergeSearch }} options={mergeOptions} placeholder="输入事项编码或名称搜索" notFoundContent="没有匹配的事项" />
            </Form.Item>
          </>
        )}
        {(kind === "add" || kind === "adjust" || kind === "merge" || kind === "correct") && itemFields.map((f) => <FieldItem key={f.key} field={f} />)}
      </Form>
    </Modal>
  );
}
