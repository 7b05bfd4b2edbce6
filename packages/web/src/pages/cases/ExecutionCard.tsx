import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, List, Modal, Radio, Space, Tag, Typography, message } from "antd";
import type { Dayjs } from "dayjs";
import { formatYuan } from "@zhifa/domain";
import { errorMessage, get, post } from "../../api.ts";
import { showSaveError } from "../../components/errors.ts";
import { chinaToday } from "../../today.ts";

/** Shape of GET /api/cases/:id/execution (server: modules/execution/routes.ts). */
interface Execution {
  fineFen: number;
  servedOn: string | null;
  stateLabel: string;
  pendingRequest: boolean;
  demandedOn: string | null;
  status: {
    state: "no_fine" | "not_served" | "within_period" | "overdue" | "paid";
    dueDate: string | null;
    paidFen: number;
    outstandingFen: number;
    lateFee: { days: number; feeFen: number; capped: boolean } | null;
    overdueInstalments: { dueDate: string; amountFen: number }[];
    enforcement: { from: string; to: string } | null;
  };
  events: { id: string; kind: string; kindLabel: string; amountFen: number | null; onDate: string | null; method: string | null; reference: string | null; plan: { dueDate: string; amountFen: number }[] | null; reason: string; status: string; decisionReason: string | null; byName: string; createdAt: string }[];
  can: { handle: boolean; approve: boolean };
}

const STATE_COLORS: Record<string, string> = { within_period: "blue", overdue: "red", paid: "green", not_served: "default", no_fine: "default" };
const STATUS_LABELS: Record<string, string> = { pending: "待负责人批准", approved: "已批准", refused: "不予批准", recorded: "" };
const yuan = (fen: number) => `${formatYuan(fen)} 元`;
const toFen = (y: number | null | undefined) => Math.round((y ?? 0) * 100);

type Dialog = "payment" | "deferral" | "instalments" | "demand" | "enforcement" | null;

/**
 * 执行 (行政处罚法 第六十六条、第六十七条、第七十二条; 行政强制法 第五十三条、第五十四条): what is due and
 * paid, 加处罚款 once overdue, requests to defer or pay in instalments for the head, 催告 and the
 * application to the court within its window.
 */
export function ExecutionCard({ caseId, caseVersion, onChanged }: { caseId: string; caseVersion: number; onChanged: () => void }) {
  const [ex, setEx] = useState<Execution | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();

  const load = useCallback(() => {
    get<Execution>(`/api/cases/${caseId}/execution`)
      .then(setEx)
      .catch(() => setEx(null));
  }, [caseId]);
  useEffect(load, [load, caseVersion]);

  if (!ex || ex.status.state === "no_fine") return null;
  const s = ex.status;

  const submit = async () => {
    const v = await form.validateFields();
    const day = (d: Dayjs | undefined) => (d ? d.format("YYYY-MM-DD") : undefined);
    setBusy(true);
    try {
      let next: Execution;
      if (dialog === "payment") next = await post<Execution>(`/api/cases/${caseId}/execution/payments`, { amountFen: toFen(v.amount), paidOn: day(v.paidOn), method: v.method, reference: v.reference ?? "" });
      else if (dialog === "deferral") next = await post<Execution>(`/api/cases/${caseId}/execution/requests`, { kind: "deferral", reason: v.reason, deferTo: day(v.deferTo) });
      else if (dialog === "instalments")
        next = await post<Execution>(`/api/cases/${caseId}/execution/requests`, {
          kind: "instalments",
          reason: v.reason,
          plan: (v.plan as { dueDate: Dayjs; amount: number }[]).map((p) => ({ dueDate: p.dueDate.format("YYYY-MM-DD"), amountFen: toFen(p.amount) })),
        });
      else if (dialog === "demand") next = await post<Execution>(`/api/cases/${caseId}/execution/demand`, { servedOn: day(v.servedOn), reference: v.reference ?? "" });
      else next = await post<Execution>(`/api/cases/${caseId}/execution/enforcement`, { court: v.court });
      setEx(next);
      setDialog(null);
      message.success("已记录");
      onChanged();
    } catch (e) {
      // server fields: the form's own names, except the amount (in fen on the wire)
      showSaveError(form, e, message, { amount: "缴款金额", paidOn: "缴款日期", method: "缴款方式", reference: "票据号", reason: "理由", deferTo: "暂缓至", plan: "分期计划", servedOn: "送达日期", court: "受理法院" }, { amountFen: "amount" });
    } finally {
      setBusy(false);
    }
  };

  const decide = (eventId: string, approve: boolean) => {
    let reason = "";
    Modal.confirm({
      title: approve ? "批准该申请？" : "不予批准该申请？",
      content: <Input.TextArea rows={3} placeholder="审批意见" onChange={(e) => (reason = e.target.value)} aria-label="审批意见" />,
      okText: approve ? "批准" : "不予批准",
      cancelText: "取消",
      onOk: async () => {
        try {
          setEx(await post<Execution>(`/api/cases/${caseId}/execution/requests/${eventId}/decide`, { approve, reason }));
          onChanged();
        } catch (e) {
          message.error(errorMessage(e));
          throw e;
        }
      },
    });
  };

  const open = (d: Dialog) => {
    form.resetFields();
    if (d === "payment") form.setFieldsValue({ amount: (s.outstandingFen + (s.lateFee?.feeFen ?? 0)) / 100, paidOn: chinaToday(), method: "银行代收" });
    if (d === "instalments") form.setFieldsValue({ plan: [{ dueDate: chinaToday().add(1, "month"), amount: s.outstandingFen / 200 }, { dueDate: chinaToday().add(2, "month"), amount: s.outstandingFen / 200 }] });
    setDialog(d);
  };
  const due = s.state === "within_period" || s.state === "overdue";

  return (
    <Card size="small" title="执行" extra={<Tag color={STATE_COLORS[s.state]}>{ex.stateLabel}</Tag>} data-testid="execution">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label="罚款">{yuan(ex.fineFen)}</Descriptions.Item>
        <Descriptions.Item label="已缴">{yuan(s.paidFen)}</Descriptions.Item>
        <Descriptions.Item label="决定书送达">{ex.servedOn ?? "尚未送达"}</Descriptions.Item>
        {s.dueDate && <Descriptions.Item label="缴款期限">{s.dueDate}</Descriptions.Item>}
        {s.lateFee && (
          <Descriptions.Item label="加处罚款">
            <Typography.Text type="danger">
              {yuan(s.lateFee.feeFen)}（逾期 {s.lateFee.days} 日{s.lateFee.capped ? "，以罚款数额为限" : ""}）
            </Typography.Text>
          </Descriptions.Item>
        )}
        {s.state === "overdue" && s.enforcement && (
          <Descriptions.Item label="申请法院强制执行期限">
            {s.enforcement.from} 至 {s.enforcement.to}
          </Descriptions.Item>
        )}
      </Descriptions>
      {s.overdueInstalments.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={`分期缴纳逾期：${s.overdueInstalments.map((i) => `${i.dueDate} 应缴 ${yuan(i.amountFen)}`).join("；")}`} />}
      {ex.can.handle && due && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Button type="primary" onClick={() => open("payment")}>
            记录缴款
          </Button>
          {!ex.pendingRequest && <Button onClick={() => open("deferral")}>申请暂缓缴纳</Button>}
          {!ex.pendingRequest && <Button onClick={() => open("instalments")}>申请分期缴纳</Button>}
          {s.state === "overdue" && <Button onClick={() => open("demand")}>记录催告</Button>}
          {s.state === "overdue" && ex.can.approve && (
            <Button danger onClick={() => open("enforcement")}>
              申请法院强制执行
            </Button>
          )}
        </Space>
      )}
      <List
        size="small"
        dataSource={[...ex.events].reverse()}
        locale={{ emptyText: "暂无执行记录" }}
        renderItem={(e) => (
          <List.Item
            actions={
              e.status === "pending" && ex.can.approve
                ? [
                    <Button key="y" size="small" type="link" onClick={() => decide(e.id, true)}>
                      批准
                    </Button>,
                    <Button key="n" size="small" type="link" danger onClick={() => decide(e.id, false)}>
                      不予批准
                    </Button>,
                  ]
                : undefined
            }
          >
            <div>
              <Typography.Text strong>{e.kindLabel}</Typography.Text> {e.amountFen != null && yuan(e.amountFen)} {e.onDate && <Typography.Text type="secondary">{e.onDate}</Typography.Text>}{" "}
              {STATUS_LABELS[e.status] && <Tag color={e.status === "approved" ? "green" : e.status === "refused" ? "red" : "orange"}>{STATUS_LABELS[e.status]}</Tag>}
              <div>
                <Typography.Text type="secondary">
                  {[e.method, e.reference, e.reason, e.plan?.map((p) => `${p.dueDate} ${yuan(p.amountFen)}`).join("；"), e.decisionReason && `审批意见：${e.decisionReason}`, e.byName].filter(Boolean).join(" · ")}
                </Typography.Text>
              </div>
            </div>
          </List.Item>
        )}
      />
      <Modal
        open={dialog !== null}
        title={{ payment: "记录缴款", deferral: "申请暂缓缴纳", instalments: "申请分期缴纳", demand: "记录催告书送达", enforcement: "申请人民法院强制执行" }[dialog ?? "payment"]}
        okText="提交"
        cancelText="取消"
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {dialog === "payment" && (
            <>
              <Form.Item name="amount" label="缴款金额（元）" rules={[{ required: true, message: "请填写金额" }]} extra={s.lateFee ? `罚款余额 ${yuan(s.outstandingFen)}，加处罚款 ${yuan(s.lateFee.feeFen)}` : undefined}>
                <InputNumber min={0.01} precision={2} style={{ width: "100%" }} />
              </Form.Item>
              <Form.Item name="paidOn" label="缴款日期" rules={[{ required: true, message: "请选择日期" }]}>
                <DatePicker style={{ width: "100%" }} />
              </Form.Item>
              <Form.Item name="method" label="缴款方式" rules={[{ required: true, message: "请填写缴款方式" }]}>
                <Radio.Group options={["银行代收", "电子支付", "当场收缴"].map((m) => ({ label: m, value: m }))} />
              </Form.Item>
              <Form.Item name="reference" label="票据号">
                <Input maxLength={100} />
              </Form.Item>
            </>
          )}
          {(dialog === "deferral" || dialog === "instalments") && (
            <Form.Item name="reason" label="当事人确有经济困难的情况" rules={[{ required: true, whitespace: true, message: "请说明理由" }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          {dialog === "deferral" && (
            <Form.Item name="deferTo" label="暂缓至" rules={[{ required: true, message: "请选择日期" }]}>
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isBefore(chinaToday(), "day")} />
            </Form.Item>
          )}
          {dialog === "instalments" && (
            <Form.List name="plan">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Space key={f.key} align="baseline" wrap>
                      <Form.Item name={[f.name, "dueDate"]} label={`第 ${i + 1} 期`} rules={[{ required: true, message: "日期" }]}>
                        <DatePicker />
                      </Form.Item>
                      <Form.Item name={[f.name, "amount"]} label="金额（元）" rules={[{ required: true, message: "金额" }]}>
                        <InputNumber min={0.01} precision={2} />
                      </Form.Item>
                      {fields.length > 1 && <Button onClick={() => remove(f.name)}>删除</Button>}
                    </Space>
                  ))}
                  <Button onClick={() => add({ dueDate: chinaToday().add(fields.length + 1, "month") })}>增加一期</Button>
                  <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                    各期合计须等于未缴罚款 {yuan(s.outstandingFen)}
                  </Typography.Paragraph>
                </>
              )}
            </Form.List>
          )}
          {dialog === "demand" && (
            <>
              <Form.Item name="servedOn" label="催告书送达日期" rules={[{ required: true, message: "请选择日期" }]}>
                <DatePicker style={{ width: "100%" }} />
              </Form.Item>
              <Form.Item name="reference" label="催告书文号">
                <Input maxLength={100} />
              </Form.Item>
            </>
          )}
          {dialog === "enforcement" && (
            <>
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`申请期限 ${s.enforcement?.from ?? ""} 至 ${s.enforcement?.to ?? ""}；须在催告书送达十日后当事人仍未履行时申请（《行政强制法》第五十三条、第五十四条）。`} />
              <Form.Item name="court" label="受理法院" rules={[{ required: true, whitespace: true, message: "请填写法院" }]}>
                <Input maxLength={100} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
