import { useState, type ReactNode } from "react";
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Form, Grid, Input, Radio, Space, Tabs, Tag, Typography } from "antd";
import { CopyOutlined, DownloadOutlined, FileSearchOutlined, FormOutlined, ReadOutlined, SearchOutlined } from "@ant-design/icons";
import { Link, useSearchParams } from "react-router-dom";
import { ApiError, fieldProblems, post, saveBlob } from "../api.ts";

// ---- shapes the server sends (POST /api/access-requests…) ----

interface Created {
  id: string;
  code: string;
  caseNumber: string;
  agencyName: string;
}

interface Lookup {
  status: "pending" | "approved" | "refused" | "expired";
  caseNumber: string;
  agencyName: string;
  scope: "read" | "copy";
  includeFiles: boolean;
  validTo: string | null;
  decisionReason: string | null;
  createdAt: string;
}

interface Reading {
  caseNumber: string;
  caseTitle: string;
  agencyName: string;
  scope: "read" | "copy";
  validTo: string | null;
  records: { id: string; kind: string; kindLabel: string; title: string; body: string; actedAt: string }[];
  files: { id: string; filename: string; category: string; capturedAt: string; sha256: string; size: number }[];
}

interface RequestForm {
  caseNumber: string;
  requester: { name: string; idNo: string; phone: string };
  relation: "party" | "agent" | "interested" | "public";
  purpose: string;
  scope: "read" | "copy";
  includeFiles: boolean;
}

type TabKey = "apply" | "status" | "read";
const TABS: readonly TabKey[] = ["apply", "status", "read"];

export const RELATION_OPTIONS = [
  { value: "party", label: "当事人" },
  { value: "agent", label: "当事人的代理人" },
  { value: "interested", label: "利害关系人" },
  { value: "public", label: "社会公众" },
];
export const SCOPE_LABELS: Record<string, string> = { read: "查阅", copy: "复制" };
const STATUS: Record<Lookup["status"], { label: string; color: string }> = {
  pending: { label: "审批中", color: "processing" },
  approved: { label: "已批准", color: "success" },
  refused: { label: "不予批准", color: "error" },
  expired: { label: "查阅期限已届满", color: "default" },
};
const CATEGORY: Record<string, string> = { photo: "照片", audio: "录音", video: "录像", document: "文书" };

/** What the requester is told for each error the server may answer with. */
function describe(e: unknown): string {
  if (!(e instanceof ApiError)) return "操作失败，请稍后再试";
  switch (e.body.id) {
    case "access_case_not_found":
      return "未找到该案号的案件。请按行政执法决定书、通知书等文书上的案号完整填写（包括括号、年份和“号”字）。";
    case "validation_failed":
      return "填写的内容不符合要求，请按各栏下方的提示修改后再提交。";
    case "too_many_attempts":
      return "操作过于频繁，请等待一分钟后再试。";
    case "access_code_invalid":
      return "查询码不正确。请核对提交申请时保存的 16 位查询码（字母不区分大小写）。";
    case "access_not_approved":
      return e.body.message.includes("审批中")
        ? `${e.body.message}：经批准后才能查阅案卷，请稍后在“查询审批结果”中查看。`
        : `${e.body.message}，不能查阅案卷。不予批准的理由可在“查询审批结果”中查看。`;
    case "access_expired":
      return `${e.body.message}，不能再查阅。如仍需查阅，请重新提交申请。`;
    case "network_error":
      return "网络连接失败，请检查网络后重试。";
    default:
      return e.body.message || "操作失败，请稍后再试";
  }
}

/** Query codes: 16 letters and digits; what people type or paste (spaces, dashes, lower case) is tidied. */
const tidyCode = (v: unknown) =>
  String(v ?? "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, 16);
const grouped = (code: string) => code.replace(/(.{4})(?=.)/g, "$1 ");
const dateTime = (iso: string) => new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
function size(n: number): string {
  if (n < 1024) return `${n} 字节`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // no clipboard permission (plain http, older phones): select a hidden text field and copy it
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok: boolean;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

/** A form asking for the query code: the status and the reading tabs. */
function CodeForm({ name, code, onCode, onSubmit, busy, action, icon }: { name: string; code: string; onCode: (code: string) => void; onSubmit: () => void; busy: boolean; action: string; icon: ReactNode }) {
  const [touched, setTouched] = useState(false);
  const invalid = touched && code.length !== 16;
  const id = `${name}_code`;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (code.length === 16) onSubmit();
      }}
      noValidate
    >
      <label htmlFor={id} style={{ display: "block", marginBottom: 8 }}>
        查询码
      </label>
      <Space.Compact style={{ width: "100%", maxWidth: 480 }}>
        <Input
          id={id}
          value={code}
          onChange={(e) => onCode(tidyCode(e.target.value))}
          placeholder="提交申请时取得的 16 位查询码"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          status={invalid ? "error" : undefined}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}_error` : undefined}
          style={{ fontFamily: "monospace", letterSpacing: 1 }}
          size="large"
        />
        <Button type="primary" htmlType="submit" icon={icon} loading={busy} size="large">
          {action}
        </Button>
      </Space.Compact>
      {invalid && (
        <div id={`${id}_error`} role="alert" style={{ color: "#ff4d4f", marginTop: 4 }}>
          查询码为 16 位字母和数字，已输入 {code.length} 位
        </div>
      )}
    </form>
  );
}

/**
 * 案卷查阅、复制 (R-REC-08, R-REC-09): anyone, without an account, asks to read or copy a
 * case's records and receives a query code (shown once); with it they see the head's decision
 * and, once approved and within the period, read the records (the reading is on the ledger).
 */
export function AccessPage({ standalone = false }: { standalone?: boolean }) {
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.sm;
  const paneStyles = { body: { padding: narrow ? 12 : 24 } };
  const [params, setParams] = useSearchParams();
  const asked = params.get("tab");
  const tab: TabKey = asked && (TABS as readonly string[]).includes(asked) ? (asked as TabKey) : "apply";
  const setTab = (t: TabKey) => setParams(t === "apply" ? {} : { tab: t }, { replace: true });

  const [form] = Form.useForm<RequestForm>();
  const [created, setCreated] = useState<Created | null>(null);
  const [applyError, setApplyError] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);

  const [code, setCode] = useState("");
  const [status, setStatus] = useState<Lookup | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const [reading, setReading] = useState<Reading | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [loadingRead, setLoadingRead] = useState(false);

  const changeCode = (c: string) => {
    setCode(c);
    setStatus(null);
    setStatusError(null);
    setReading(null);
    setReadError(null);
  };

  const apply = async (v: RequestForm) => {
    setApplying(true);
    setApplyError(null);
    try {
      const out = await post<Created>("/api/access-requests", {
        caseNumber: v.caseNumber.trim(),
        requester: { name: v.requester.name.trim(), idNo: v.requester.idNo.trim(), phone: v.requester.phone.trim() },
        relation: v.relation,
        purpose: v.purpose.trim(),
        scope: v.scope,
        includeFiles: !!v.includeFiles,
      });
      setCreated(out);
      changeCode(out.code);
      window.scrollTo({ top: 0 });
    } catch (e) {
      setApplyError(describe(e));
      if (e instanceof ApiError && e.body.id === "access_case_not_found") form.setFields([{ name: "caseNumber", errors: ["未找到该案号的案件"] }]);
      const problems = fieldProblems(e);
      if (problems.length) form.setFields(problems.map((p) => ({ name: p.field.split(".") as never, errors: [p.message] })));
    } finally {
      setApplying(false);
    }
  };

  const lookup = async (c = code) => {
    setLooking(true);
    setStatus(null);
    setStatusError(null);
    try {
      setStatus(await post<Lookup>("/api/access-requests/lookup", { code: c }));
    } catch (e) {
      setStatusError(describe(e));
    } finally {
      setLooking(false);
    }
  };

  const read = async (c = code) => {
    setLoadingRead(true);
    setReading(null);
    setReadError(null);
    try {
      setReading(await post<Reading>("/api/access-requests/read", { code: c }));
    } catch (e) {
      setReadError(describe(e));
    } finally {
      setLoadingRead(false);
    }
  };

  const copyCode = async () => {
    if (!created) return;
    if (await copyText(created.code)) void message.success("查询码已复制，请粘贴保存到安全的地方");
    else void message.warning("无法自动复制，请手工抄写查询码");
  };

  const saveCode = () => {
    if (!created) return;
    const text = [
      "案卷查阅、复制申请",
      `案号：${created.caseNumber}`,
      `执法机关：${created.agencyName}`,
      `查询码：${created.code}`,
      `提交时间：${dateTime(new Date().toISOString())}`,
      `查询审批结果、查阅案卷：${window.location.origin}/access`,
      "请妥善保管查询码，不要告诉他人。",
      "",
    ].join("\r\n");
    saveBlob(new Blob(["\ufeff" + text], { type: "text/plain;charset=utf-8" }), `查阅申请查询码-${created.code.slice(0, 4)}.txt`);
  };

  const saveRecords = () => {
    if (!reading) return;
    const lines = [`案号：${reading.caseNumber}`, `案件名称：${reading.caseTitle}`, `执法机关：${reading.agencyName}`, `复制时间：${dateTime(new Date().toISOString())}`, ""];
    for (const r of reading.records) lines.push(`【${r.kindLabel}】${r.title}`, `时间：${dateTime(r.actedAt)}`, r.body, "");
    if (reading.files.length) {
      lines.push("【证据文件清单】");
      for (const f of reading.files) lines.push(`${f.filename}（${CATEGORY[f.category] ?? f.category}，${size(f.size)}，${dateTime(f.capturedAt)}）SHA-256：${f.sha256}`);
      lines.push("");
    }
    saveBlob(new Blob(["\ufeff" + lines.join("\r\n")], { type: "text/plain;charset=utf-8" }), `案卷-${reading.caseNumber}.txt`);
  };

  // ---------------------------------------------------------------- 申请
  const applyPane = created ? (
    <Card styles={paneStyles}>
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Alert type="success" showIcon title="申请已提交" description={`已将您查阅、复制 ${created.caseNumber} 案卷的申请送交${created.agencyName}，由机关负责人审批。`} />
        <div style={{ textAlign: "center", padding: "16px 8px", border: "2px dashed #1f4e9c", borderRadius: 8, background: "#f5f8ff" }}>
          <Typography.Text strong style={{ display: "block", marginBottom: 8 }}>
            您的查询码
          </Typography.Text>
          <div
            data-testid="access-code"
            data-code={created.code}
            style={{ fontFamily: "monospace", fontSize: narrow ? 24 : 32, fontWeight: 700, letterSpacing: narrow ? 1 : 3, color: "#1f4e9c", wordBreak: "break-all", userSelect: "all" }}
          >
            {grouped(created.code)}
          </div>
          <Space wrap style={{ marginTop: 12, justifyContent: "center" }}>
            <Button type="primary" icon={<CopyOutlined />} onClick={copyCode}>
              复制查询码
            </Button>
            <Button icon={<DownloadOutlined />} onClick={saveCode}>
              保存为文本文件
            </Button>
          </Space>
        </div>
        <Alert
          type="warning"
          showIcon
          title="查询码只显示这一次，请立即抄写或保存"
          description="平台不保存查询码原文，离开或刷新本页后无法再次显示，遗失后也无法找回。查看审批结果、在批准的期限内查阅案卷，都需要输入这个查询码。请勿将查询码告诉他人。"
        />
        <Space wrap>
          <Button
            icon={<SearchOutlined />}
            onClick={() => {
              setTab("status");
              void lookup(created.code);
            }}
          >
            查询审批结果
          </Button>
          <Button
            type="link"
            onClick={() => {
              setCreated(null);
              form.resetFields();
            }}
          >
            再提交一份申请
          </Button>
        </Space>
      </Space>
    </Card>
  ) : (
    <Card styles={paneStyles}>
      <Typography.Paragraph type="secondary">
        当事人、当事人的代理人、利害关系人或社会公众可以申请查阅、复制行政执法案件的案卷。申请由办案机关负责人审批；批准的，在批准的期限和范围内凭查询码在本页查阅。带 <span style={{ color: "#ff4d4f" }}>*</span> 的为必填项。
      </Typography.Paragraph>
      {applyError && <Alert type="error" showIcon title={applyError} style={{ marginBottom: 16 }} />}
      <Form<RequestForm> form={form} name="access" layout="vertical" onFinish={apply} initialValues={{ scope: "read", includeFiles: false }} scrollToFirstError={{ block: "center" }} style={{ maxWidth: 640 }}>
        <Form.Item name="caseNumber" label="案号" extra="见行政执法决定书、通知书等文书，例如：××市监罚〔2026〕00001号" rules={[{ required: true, whitespace: true, message: "请填写案号" }, { max: 100, message: "案号不超过 100 个字" }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name={["requester", "name"]} label="姓名（名称）" rules={[{ required: true, whitespace: true, message: "请填写申请人姓名或单位名称" }, { max: 100, message: "不超过 100 个字" }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item
          name={["requester", "idNo"]}
          label="身份证件号码"
          extra="居民身份证号码或统一社会信用代码等，只用于核实身份"
          rules={[
            { required: true, message: "请填写身份证件号码" },
            { pattern: /^[0-9A-Za-z]{6,30}$/, message: "请填写 6 至 30 位数字或字母，不含空格和符号" },
          ]}
        >
          <Input autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item
          name={["requester", "phone"]}
          label="联系电话"
          rules={[
            { required: true, message: "请填写联系电话" },
            { pattern: /^[0-9+\- ]{5,20}$/, message: "请填写 5 至 20 位电话号码" },
          ]}
        >
          <Input type="tel" inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Form.Item name="relation" label="与案件的关系" rules={[{ required: true, message: "请选择与案件的关系" }]}>
          <Radio.Group aria-label="与案件的关系" options={RELATION_OPTIONS} style={{ display: "flex", flexWrap: "wrap", rowGap: 8 }} />
        </Form.Item>
        <Form.Item name="purpose" label="用途" rules={[{ required: true, whitespace: true, message: "请填写查阅、复制的用途" }, { max: 2000, message: "不超过 2000 个字" }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder="例如：申请行政复议、提起行政诉讼、了解处理结果" />
        </Form.Item>
        <Form.Item name="scope" label="查阅或复制" rules={[{ required: true }]}>
          <Radio.Group
            aria-label="查阅或复制"
            options={[
              { value: "read", label: "查阅" },
              { value: "copy", label: "复制（可保存案卷文本）" },
            ]}
            style={{ display: "flex", flexWrap: "wrap", rowGap: 8 }}
          />
        </Form.Item>
        <Form.Item name="includeFiles" label="是否包括音像等证据文件" valuePropName="checked" extra="照片、录音、录像等证据文件，涉及个人隐私或秘密的除外">
          <Checkbox>包括音像等证据文件</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<FormOutlined />} loading={applying} size="large" block={narrow}>
          提交申请
        </Button>
      </Form>
    </Card>
  );

  // ---------------------------------------------------------------- 审批结果
  const statusView = status && (
    <Space orientation="vertical" size="middle" style={{ width: "100%", marginTop: 16 }} data-testid="access-status">
      {status.status === "pending" && <Alert type="info" showIcon title="申请正在审批中" description="机关负责人审批后，可在此查看结果。请稍后再查询。" />}
      {status.status === "approved" && (
        <Alert
          type="success"
          showIcon
          title={`已批准，有效期至 ${status.validTo ?? "—"}`}
          description={
            <>
              <div>{`请在 ${status.validTo ?? "有效期"} 当日结束前，凭查询码在“查阅案卷”中${status.scope === "copy" ? "查阅、复制" : "查阅"}案卷。`}</div>
              <Button
                type="primary"
                icon={<ReadOutlined />}
                style={{ marginTop: 12 }}
                onClick={() => {
                  setTab("read");
                  void read();
                }}
              >
                查阅案卷
              </Button>
            </>
          }
        />
      )}
      {status.status === "refused" && <Alert type="error" showIcon title="不予批准" description={status.decisionReason ? `理由：${status.decisionReason}` : undefined} />}
      {status.status === "expired" && <Alert type="warning" showIcon title={`查阅期限已于 ${status.validTo ?? "—"} 届满`} description="如仍需查阅，请重新提交申请。" />}
      <Descriptions column={1} size="small" bordered styles={{ label: { width: narrow ? 96 : 140 } }}>
        <Descriptions.Item label="案号">{status.caseNumber}</Descriptions.Item>
        <Descriptions.Item label="执法机关">{status.agencyName}</Descriptions.Item>
        <Descriptions.Item label="申请时间">{dateTime(status.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="审批结果">
          <Tag color={STATUS[status.status]?.color}>{STATUS[status.status]?.label ?? status.status}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={status.status === "pending" ? "申请范围" : "批准范围"}>
          {status.status === "refused" ? "—" : `${SCOPE_LABELS[status.scope] ?? status.scope}${status.includeFiles ? "，包括证据文件" : "，不包括证据文件"}`}
        </Descriptions.Item>
        {status.validTo && <Descriptions.Item label="有效期至">{status.validTo}（含当日）</Descriptions.Item>}
        {status.decisionReason && <Descriptions.Item label={status.status === "refused" ? "不予批准的理由" : "审批意见"}>{status.decisionReason}</Descriptions.Item>}
      </Descriptions>
    </Space>
  );
  const statusPane = (
    <Card styles={paneStyles}>
      <Typography.Paragraph type="secondary">输入提交申请时取得的查询码，查看机关负责人的审批结果。</Typography.Paragraph>
      <CodeForm name="lookup" code={code} onCode={changeCode} onSubmit={() => void lookup()} busy={looking} action="查询" icon={<SearchOutlined />} />
      {statusError && <Alert type="error" showIcon title={statusError} style={{ marginTop: 16 }} />}
      {statusView}
    </Card>
  );

  // ---------------------------------------------------------------- 查阅
  const readingView = reading && (
    <Space orientation="vertical" size="middle" style={{ width: "100%", marginTop: 16 }} data-testid="access-reading">
      <Descriptions column={1} size="small" bordered styles={{ label: { width: narrow ? 96 : 140 } }}>
        <Descriptions.Item label="案号">{reading.caseNumber}</Descriptions.Item>
        <Descriptions.Item label="案件名称">{reading.caseTitle}</Descriptions.Item>
        <Descriptions.Item label="执法机关">{reading.agencyName}</Descriptions.Item>
        <Descriptions.Item label="批准范围">{reading.scope === "copy" ? "查阅、复制" : "仅限查阅"}</Descriptions.Item>
        <Descriptions.Item label="有效期至">{reading.validTo}（含当日）</Descriptions.Item>
      </Descriptions>
      {reading.scope === "copy" && (
        <Button icon={<DownloadOutlined />} onClick={saveRecords}>
          保存案卷文本（复制）
        </Button>
      )}
      <section aria-labelledby="access-records-title">
        <Typography.Title level={4} id="access-records-title" style={{ marginTop: 8 }}>
          执法记录（{reading.records.length} 份）
        </Typography.Title>
        {reading.records.length === 0 ? (
          <Empty description="本案暂无可查阅的记录" />
        ) : (
          <ol style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {reading.records.map((r) => (
              <li key={r.id} style={{ marginBottom: 12 }}>
                <Card size="small" title={<span style={{ whiteSpace: "normal" }}>{r.kindLabel !== r.title && <Tag color="blue">{r.kindLabel}</Tag>}{r.title || r.kindLabel}</span>} extra={!narrow && <Typography.Text type="secondary">{dateTime(r.actedAt)}</Typography.Text>}>
                  {narrow && (
                    <Typography.Text type="secondary" style={{ display: "block", marginBottom: 8 }}>
                      {dateTime(r.actedAt)}
                    </Typography.Text>
                  )}
                  <div style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", lineHeight: 1.8, fontSize: 15 }}>{r.body || <Typography.Text type="secondary">（无正文）</Typography.Text>}</div>
                </Card>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="access-files-title">
        <Typography.Title level={4} id="access-files-title">
          证据文件（{reading.files.length} 个）
        </Typography.Title>
        {reading.files.length === 0 ? (
          <Typography.Paragraph type="secondary">未批准查阅证据文件，或本案没有可以公开查阅的证据文件（涉及个人隐私或秘密的文件不在此列出）。</Typography.Paragraph>
        ) : (
          <ul style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {reading.files.map((f) => (
              <li key={f.id} style={{ padding: "8px 0", borderBottom: "1px solid #f0f0f0" }}>
                <Space wrap size={4}>
                  <Tag>{CATEGORY[f.category] ?? f.category}</Tag>
                  <Typography.Text strong style={{ wordBreak: "break-all" }}>
                    {f.filename}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {size(f.size)} · {dateTime(f.capturedAt)}
                  </Typography.Text>
                </Space>
                <div style={{ fontSize: 12, marginTop: 4 }}>
                  SHA-256：
                  <Typography.Text code style={{ wordBreak: "break-all" }}>
                    {f.sha256}
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ul>
        )}
        {reading.files.length > 0 && <Typography.Paragraph type="secondary">证据文件的原件请向办案机关查阅；可用 SHA-256 校验值核对取得的文件与案卷中的文件是否一致。</Typography.Paragraph>}
      </section>
    </Space>
  );
  const readPane = (
    <Card styles={paneStyles}>
      <Alert type="info" showIcon title="查阅行为将被记录" description="每次查阅都会记入本案的执法记录账本（查阅时间和查阅的内容数量），请在批准的期限和范围内查阅。" style={{ marginBottom: 16 }} />
      <CodeForm name="read" code={code} onCode={changeCode} onSubmit={() => void read()} busy={loadingRead} action="查阅" icon={<FileSearchOutlined />} />
      {readError && <Alert type="error" showIcon title={readError} style={{ marginTop: 16 }} />}
      {readingView}
    </Card>
  );

  const body = (
    <Tabs
      activeKey={tab}
      onChange={(k) => setTab(k as TabKey)}
      size={narrow ? "middle" : "large"}
      items={[
        { key: "apply", label: "申请查阅/复制", children: applyPane },
        { key: "status", label: "查询审批结果", children: statusPane },
        { key: "read", label: "查阅案卷", children: readPane },
      ]}
    />
  );

  if (!standalone)
    return (
      <div style={{ maxWidth: 900 }}>
        <Typography.Title level={4}>案卷查阅、复制</Typography.Title>
        {body}
      </div>
    );
  return (
    <div style={{ minHeight: "100vh", background: "#eef2f8", padding: narrow ? 8 : 16 }}>
      <main style={{ maxWidth: 860, margin: "0 auto" }}>
        <Typography.Title level={narrow ? 4 : 3} style={{ marginTop: 8 }}>
          行政执法案卷 · 查阅、复制申请
        </Typography.Title>
        {body}
        <Typography.Paragraph style={{ marginTop: 16 }}>
          <Link to="/login">登录平台</Link>
          <span style={{ margin: "0 8px", color: "#999" }}>|</span>
          <Link to="/ledger">公开验证执法记录账本</Link>
        </Typography.Paragraph>
      </main>
    </div>
  );
}
