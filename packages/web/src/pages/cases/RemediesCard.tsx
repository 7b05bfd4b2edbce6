import { useCallback, useEffect, useState } from "react";
import { App, Button, Card, DatePicker, Form, Input, List, Modal, Select, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { REMEDY_KINDS, REMEDY_KIND_LABELS, REMEDY_OUTCOMES, REMEDY_OUTCOME_LABELS, CORRECTED_REMEDY_OUTCOMES, type RemedyOutcome } from "@zhifa/domain";
import { errorMessage, get, post, put } from "../../api.ts";
import { chinaToday } from "../../today.ts";

/** Shape of GET /api/cases/:id/remedies (server: modules/remedies/routes.ts). */
interface Remedy {
  id: string;
  kind: string;
  kindLabel: string;
  body: string;
  reference: string;
  filedOn: string;
  decidedOn: string | null;
  outcome: string | null;
  outcomeLabel: string | null;
  note: string;
  createdByName: string;
  version: number;
}

interface FormValues {
  kind?: string;
  body?: string;
  reference?: string;
  filedOn?: Dayjs;
  decidedOn?: Dayjs | null;
  outcome?: string | null;
  note?: string;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format("YYYY-MM-DD") : null);
const OUTCOME_OPTIONS = REMEDY_OUTCOMES.map((o) => ({ value: o, label: REMEDY_OUTCOME_LABELS[o] }));

/**
 * 行政复议、行政诉讼 against the case's decision (R-PUB-10): recorded when filed, the outcome added
 * when decided; the annual statistics count them. A revoking ruling is also grounds to withdraw
 * the publication (R-PUB-07, on the publicity page).
 */
export function RemediesCard({ caseId, caseVersion }: { caseId: string; caseVersion: number }) {
  const { message } = App.useApp();
  const [data, setData] = useState<{ items: Remedy[]; can: { record: boolean } } | null>(null);
  const [editing, setEditing] = useState<Remedy | "new" | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<FormValues>();

  const load = useCallback(() => {
    get<{ items: Remedy[]; can: { record: boolean } }>(`/api/cases/${caseId}/remedies`)
      .then(setData)
      .catch(() => setData(null));
  }, [caseId]);
  useEffect(load, [load, caseVersion]);
  if (!data || (data.items.length === 0 && !data.can.record)) return null;

  const open = (r: Remedy | "new") => {
    setEditing(r);
    form.resetFields();
    if (r !== "new") form.setFieldsValue({ kind: r.kind, body: r.body, reference: r.reference, filedOn: dayjs(r.filedOn), note: r.note });
    else form.setFieldsValue({ kind: "reconsideration" });
  };
  const save = async () => {
    const v = await form.validateFields();
    const body = { kind: v.kind, body: v.body, reference: v.reference ?? "", filedOn: day(v.filedOn), decidedOn: day(v.decidedOn), outcome: v.outcome ?? null, note: v.note ?? "" };
    setBusy(true);
    try {
      type Saved = NonNullable<typeof data> & { withdrawn?: { id: string; documentNumber: string }[] };
      const out = editing === "new" ? await post<Saved>(`/api/cases/${caseId}/remedies`, body) : await put<Saved>(`/api/cases/${caseId}/remedies/${editing!.id}`, { ...body, expectedVersion: editing!.version });
      setData(out);
      setEditing(null);
      // R-PUB-07: a revoking or changing outcome took the published decision down at once
      if (out.withdrawn?.length) message.success(`已记录。原公示的行政执法决定（${out.withdrawn.map((w) => w.documentNumber).join("、")}）已依法撤回，公示平台仅保留撤回说明`, 6);
      else message.success("已记录");
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={`行政复议、行政诉讼（${data.items.length}）`}
      extra={
        data.can.record && (
          <Button size="small" onClick={() => open("new")}>
            记录复议或诉讼
          </Button>
        )
      }
    >
      {data.items.length === 0 ? (
        <Typography.Text type="secondary">当事人未申请行政复议或提起行政诉讼。</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={data.items}
          renderItem={(r) => (
            <List.Item
              actions={
                data.can.record && !r.outcome
                  ? [
                      <Button key="o" type="link" size="small" onClick={() => open(r)}>
                        记录结果
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Tag>{r.kindLabel}</Tag>
                    <span>{r.body}</span>
                    {r.reference && <Typography.Text type="secondary">{r.reference}</Typography.Text>}
                    {r.outcome ? <Tag color={CORRECTED_REMEDY_OUTCOMES.includes(r.outcome as RemedyOutcome) ? "error" : "success"}>{r.outcomeLabel}</Tag> : <Tag color="processing">审理中</Tag>}
                  </Space>
                }
                description={`${r.filedOn} 申请（起诉）${r.decidedOn ? ` · ${r.decidedOn} 作出决定（裁判）` : ""}${r.note ? ` · ${r.note}` : ""} · 记录人 ${r.createdByName}`}
              />
            </List.Item>
          )}
        />
      )}
      <Modal open={editing !== null} title={editing === "new" ? "记录行政复议或行政诉讼" : "记录复议决定或裁判结果"} okText="保存" cancelText="取消" confirmLoading={busy} onOk={save} onCancel={() => setEditing(null)} forceRender>
        <Form form={form} name="remedy" layout="vertical">
          <Form.Item name="kind" label="类别" rules={[{ required: true }]}>
            <Select options={REMEDY_KINDS.map((k) => ({ value: k, label: REMEDY_KIND_LABELS[k] }))} disabled={editing !== "new"} />
          </Form.Item>
          <Form.Item name="body" label="复议机关 / 人民法院" rules={[{ required: true, whitespace: true, message: "请填写复议机关或人民法院" }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="reference" label="复议、诉讼案号">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="filedOn" label="申请（起诉）日期" rules={[{ required: true, message: "请选择日期" }]}>
            <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(chinaToday(), "day")} />
          </Form.Item>
          <Form.Item name="outcome" label="结果（已作出决定或裁判的填写）" extra="撤销、确认违法、确认无效或变更的，保存后原已公示的行政执法决定即依法撤回">
            <Select allowClear options={OUTCOME_OPTIONS} />
          </Form.Item>
          <Form.Item name="decidedOn" label="决定（裁判）日期">
            <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(chinaToday(), "day")} />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
