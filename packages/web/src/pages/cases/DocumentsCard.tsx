import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Divider, Drawer, Empty, Form, Grid, Input, List, Radio, Result, Select, Space, Spin, Switch, Tag, Tooltip, Typography } from "antd";
import { ArrowLeftOutlined, EditOutlined, FileAddOutlined, FilePdfOutlined, FileWordOutlined, ReloadOutlined } from "@ant-design/icons";
import { ON_SITE_SIGNERS, isCaseTemplateKind, type OnSiteSigner, type SignatureRole } from "@zhifa/domain";
import { errorMessage, fieldProblems, get, post } from "../../api.ts";
import { SignaturePad } from "../../components/SignaturePad.tsx";
import { when } from "./common.tsx";

/** Shapes of the documents API (server: modules/cases/document-routes.ts). */
interface TemplateField {
  key: string;
  label: string;
  hint: string;
  required: boolean;
  multiline: boolean;
  options?: { value: string; label: string }[];
  value: string;
}

interface Template {
  kind: string;
  version: number;
  title: string;
  legalBasis: string;
  /** the stages (by name) of the case's workflow that require this document */
  requiredIn: string[];
  fields: TemplateField[];
}

interface CaseDocument {
  id: string;
  recordId: string;
  kind: string;
  title: string;
  number: string | null;
  templateVersion: number;
  generatedAt: string;
  sha256: string;
  signed: { label: string; name: string }[];
}

interface Generated {
  documentId: string;
  recordId: string;
  kind: string;
  title: string;
  number: string | null;
  sha256: string;
  templateVersion: number;
  generatedAt: string;
  url: string;
}

export interface DocumentsCardProps {
  caseId: string;
  /** the case's current stage (templates name the stages that require them) */
  stage: { key: string; name: string } | null;
  /** the user may handle the case and it is still open: documents may be generated */
  canHandle: boolean;
  /** the case's team: the officers who may sign */
  team: { name: string; isMe: boolean }[];
  /** called once a document was generated (it is also a record of the case) */
  onGenerated(): void;
}

const docUrl = (caseId: string, recordId: string, format: "docx" | "pdf") => `/api/cases/${caseId}/documents/${recordId}.${format}`;

/**
 * 执法文书 of a case (R-CASE-06): the generated documents with their downloads (Word, PDF) and
 * hashes, and 生成文书: pick a template (those the current stage requires first), edit its
 * prefilled texts, have the party and the officers sign on the phone, generate.
 */
export function DocumentsCard({ caseId, stage, canHandle, team, onGenerated }: DocumentsCardProps) {
  const [docs, setDocs] = useState<CaseDocument[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [fresh, setFresh] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDocs((await get<{ items: CaseDocument[] }>(`/api/cases/${caseId}/documents`)).items);
      setFailed(null);
    } catch (e) {
      setFailed(errorMessage(e));
    }
  }, [caseId]);
  useEffect(() => void load(), [load]);

  const done = (g: Generated) => {
    setOpen(false);
    setFresh(g.recordId);
    void load();
    onGenerated();
  };

  const newestFirst = useMemo(() => [...(docs ?? [])].reverse(), [docs]);

  return (
    <Card
      size="small"
      title={`执法文书（${docs?.length ?? 0}）`}
      data-testid="case-documents"
      extra={
        canHandle && (
          <Button type="primary" size="small" icon={<FileAddOutlined />} onClick={() => setOpen(true)}>
            生成文书
          </Button>
        )
      }
    >
      {failed ? (
        <Alert
          type="error"
          showIcon
          message="文书列表加载失败"
          description={failed}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void load()}>
              重试
            </Button>
          }
        />
      ) : !docs ? (
        <Spin />
      ) : docs.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canHandle ? "尚未生成文书：点“生成文书”按模板生成" : "尚未生成文书"} />
      ) : (
        <List
          size="small"
          dataSource={newestFirst}
          renderItem={(d) => (
            <List.Item key={d.id} data-document={d.kind} data-record-id={d.recordId} data-sha256={d.sha256} style={d.recordId === fresh ? { background: "#f6ffed" } : undefined}>
              <Space direction="vertical" size={4} style={{ width: "100%" }}>
                <Space wrap size={4}>
                  <Typography.Text strong>{d.title}</Typography.Text>
                  {d.number && <Typography.Text type="secondary">{d.number}</Typography.Text>}
                  {d.recordId === fresh && <Tag color="success">新生成</Tag>}
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {when(d.generatedAt)} · 模板第 {d.templateVersion} 版 ·{" "}
                  <Tooltip title={`Word 文件的 SHA-256（已记入存证账本）：${d.sha256}`}>
                    <span data-testid="document-hash">SHA-256 {d.sha256.slice(0, 12)}…</span>
                  </Tooltip>
                </Typography.Text>
                {d.signed.length > 0 && (
                  <Space wrap size={4}>
                    {d.signed.map((s, i) => (
                      <Tag key={i} icon={<EditOutlined />} color="blue">
                        {s.label}：{s.name}
                      </Tag>
                    ))}
                  </Space>
                )}
                <Space wrap>
                  <Button size="small" icon={<FileWordOutlined />} href={docUrl(caseId, d.recordId, "docx")} download>
                    下载 Word
                  </Button>
                  <Button size="small" icon={<FilePdfOutlined />} href={docUrl(caseId, d.recordId, "pdf")} target="_blank" rel="noopener">
                    PDF
                  </Button>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      )}
      <GenerateDrawer open={open} caseId={caseId} stage={stage} team={team} docs={docs ?? []} onClose={() => setOpen(false)} onDone={done} />
    </Card>
  );
}

/** One signature to capture: the pad's slot, who signs, the line's label. */
interface Slot {
  id: string;
  signer: OnSiteSigner;
  label: string;
}

interface Signature {
  name?: string;
  png: string | null;
  /** drawn on but not confirmed */
  inked: boolean;
}

function GenerateDrawer({ open, caseId, stage, team, docs, onClose, onDone }: { open: boolean; caseId: string; stage: DocumentsCardProps["stage"]; team: DocumentsCardProps["team"]; docs: CaseDocument[]; onClose(): void; onDone(g: Generated): void }) {
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Template | null>(null);
  const [generating, setGenerating] = useState(false);

  const load = useCallback(async () => {
    setTemplates(null);
    setFailed(null);
    try {
      setTemplates((await get<{ items: Template[] }>(`/api/cases/${caseId}/documents/templates`)).items);
    } catch (e) {
      setFailed(errorMessage(e));
    }
  }, [caseId]);
  useEffect(() => {
    if (!open) return;
    setChosen(null);
    void load();
  }, [open, load]);

  const required = (t: Template) => !!stage && (t.requiredIn.includes(stage.name) || t.requiredIn.includes(stage.key));
  const ordered = templates ? [...templates.filter(required), ...templates.filter((t) => !required(t))] : [];
  const counts = new Map<string, number>();
  for (const d of docs) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);

  return (
    <Drawer
      title={chosen ? `生成文书：${chosen.title}` : "生成执法文书"}
      open={open}
      onClose={() => !generating && onClose()}
      closable={!generating}
      maskClosable={!generating}
      size={screens.md ? 720 : "100%"}
      destroyOnHidden
      styles={{ body: { padding: screens.md ? 24 : 12 } }}
    >
      {failed ? (
        <Result status="error" title="模板加载失败" subTitle={failed} extra={<Button onClick={() => void load()}>重试</Button>} />
      ) : !templates ? (
        <Spin style={{ display: "block", margin: 48 }} />
      ) : chosen ? (
        <TemplateForm key={chosen.kind} caseId={caseId} template={chosen} team={team} generating={generating} setGenerating={setGenerating} onBack={() => setChosen(null)} onDone={onDone} message={message} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">选择文书模板：按本案数据预填，可编辑其中的内容；{stage ? `标“本环节需要”的是“${stage.name}”环节要求的文书。` : ""}</Typography.Paragraph>
          <List
            dataSource={ordered}
            renderItem={(t) => (
              <List.Item
                key={t.kind}
                data-template={t.kind}
                onClick={() => setChosen(t)}
                style={{ cursor: "pointer", paddingInline: 12, borderRadius: 6, background: required(t) ? "#fffbe6" : undefined, marginBottom: 4 }}
                actions={[
                  <Button key="use" type={required(t) ? "primary" : "default"} size="small" onClick={() => setChosen(t)}>
                    填写
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap size={4}>
                      <span>{t.title}</span>
                      {required(t) && <Tag color="orange">本环节需要</Tag>}
                      {isCaseTemplateKind(t.kind) && ON_SITE_SIGNERS[t.kind] && <Tag color="blue">可当场签名</Tag>}
                      {(counts.get(t.kind) ?? 0) > 0 && <Tag>已生成 {counts.get(t.kind)} 份</Tag>}
                    </Space>
                  }
                  description={
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t.legalBasis}
                    </Typography.Text>
                  }
                />
              </List.Item>
            )}
          />
        </>
      )}
    </Drawer>
  );
}

function TemplateForm({
  caseId,
  template: t,
  team,
  generating,
  setGenerating,
  onBack,
  onDone,
  message,
}: {
  caseId: string;
  template: Template;
  team: DocumentsCardProps["team"];
  generating: boolean;
  setGenerating(v: boolean): void;
  onBack(): void;
  onDone(g: Generated): void;
  message: ReturnType<typeof App.useApp>["message"];
}) {
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Record<string, string>>();
  const values = (Form.useWatch([], form) ?? {}) as Record<string, string | undefined>;
  const [sigs, setSigs] = useState<Record<string, Signature>>({});
  const [officerCount, setOfficerCount] = useState(1);
  const [witness, setWitness] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [slotProblems, setSlotProblems] = useState<Record<string, string>>({});

  const signers = isCaseTemplateKind(t.kind) ? (ON_SITE_SIGNERS[t.kind] ?? []) : [];
  const initial = useMemo(() => Object.fromEntries(t.fields.map((f) => [f.key, f.value])), [t]);
  // the team's officers, the user first: officer pads are prefilled in this order
  const officerNames = useMemo(() => [...team].sort((a, b) => Number(b.isMe) - Number(a.isMe)).map((m) => m.name), [team]);
  const maxOfficers = Math.max(1, officerNames.length);

  const slots: Slot[] = signers.flatMap((s): Slot[] => {
    if (s.onlyIf && (values[s.onlyIf.key] ?? initial[s.onlyIf.key]) !== s.onlyIf.value) return [];
    if (s.optional && !witness) return [];
    if (s.role === "officer") return Array.from({ length: officerCount }, (_, i) => ({ id: `officer-${i}`, signer: s, label: officerCount > 1 ? `${s.label}（${i + 1}）` : s.label }));
    return [{ id: s.role, signer: s, label: s.label }];
  });
  const optionalWitness = signers.find((s) => s.optional);

  const defaultName = (slot: Slot): string => {
    if (slot.signer.role === "officer") return officerNames[Number(slot.id.split("-")[1])] ?? "";
    return slot.signer.nameFrom ? (values[slot.signer.nameFrom] ?? initial[slot.signer.nameFrom] ?? "").trim() : "";
  };
  const sig = (slot: Slot): Signature => sigs[slot.id] ?? { png: null, inked: false };
  const nameOf = (slot: Slot) => sig(slot).name ?? defaultName(slot);
  const update = (id: string, patch: Partial<Signature>) => {
    setSigs((all) => ({ ...all, [id]: { png: null, inked: false, ...all[id], ...patch } }));
    setSlotProblems((p) => {
      const { [id]: _gone, ...rest } = p;
      return rest;
    });
  };

  const submit = async () => {
    setProblem(null);
    let texts: Record<string, string>;
    try {
      texts = await form.validateFields();
    } catch {
      message.error("请先填写完整标红的内容");
      return;
    }
    const waiting: Record<string, string> = {};
    const sent: { slot: Slot; role: SignatureRole; name: string; imagePng: string }[] = [];
    for (const slot of slots) {
      const s = sig(slot);
      if (!s.png) {
        if (s.inked) waiting[slot.id] = `${slot.label}的签名还没有确认：请点“确认”，或“清除”后不签`;
        continue;
      }
      const name = nameOf(slot).trim();
      if (!name) waiting[slot.id] = `请填写${slot.label}的姓名`;
      else sent.push({ slot, role: slot.signer.role, name, imagePng: s.png.replace(/^data:image\/png;base64,/, "") });
    }
    if (Object.keys(waiting).length) {
      setSlotProblems(waiting);
      message.error(Object.values(waiting)[0]!);
      return;
    }
    setGenerating(true);
    try {
      const body = {
        kind: t.kind,
        texts: Object.fromEntries(t.fields.map((f) => [f.key, texts[f.key] ?? ""])),
        format: "docx" as const,
        ...(sent.length ? { signatures: sent.map(({ role, name, imagePng }) => ({ role, name, imagePng })) } : {}),
      };
      const g = await post<Generated>(`/api/cases/${caseId}/documents`, body);
      message.success(`已生成${g.title}${g.number ? `（${g.number}）` : ""}，已记入案件记录和存证账本`);
      onDone(g);
    } catch (e) {
      const problems = fieldProblems(e);
      const onForm = new Map<string, string[]>();
      const onPads: Record<string, string> = {};
      for (const p of problems) {
        const [head, key] = p.field.split(".");
        if (head === "texts" && key && t.fields.some((f) => f.key === key)) onForm.set(key, [...(onForm.get(key) ?? []), p.message]);
        else if (head === "signatures" && key !== undefined && sent[Number(key)]) onPads[sent[Number(key)]!.slot.id] = p.message;
      }
      if (onForm.size) {
        form.setFields([...onForm].map(([name, errors]) => ({ name, errors })));
        form.scrollToField([...onForm.keys()][0]!, { block: "center" });
      }
      setSlotProblems(onPads);
      setProblem(errorMessage(e));
      message.error(errorMessage(e));
    } finally {
      setGenerating(false);
    }
  };

  return (
    <>
      <Spin spinning={generating}>
        <Space direction="vertical" style={{ width: "100%" }} size="small">
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={onBack} disabled={generating} style={{ paddingInline: 0 }}>
            返回选择模板
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            依据：{t.legalBasis}（模板第 {t.version} 版）。案号、当事人、承办人员等按本案数据自动填入；留空的内容在文书上印为横线，打印后手写。
          </Typography.Text>
          <Form form={form} layout="vertical" initialValues={initial} disabled={generating} scrollToFirstError>
            {t.fields.map((f) => (
              <Form.Item key={f.key} name={f.key} label={f.label} extra={f.hint || undefined} rules={f.required ? [{ required: true, whitespace: true, message: `请填写“${f.label}”` }] : []}>
                {f.options ? (
                  f.options.length <= 3 ? (
                    <Radio.Group optionType="button" options={f.options} />
                  ) : (
                    <Select options={f.options} />
                  )
                ) : f.multiline ? (
                  <Input.TextArea autoSize={{ minRows: 3, maxRows: 14 }} maxLength={20000} />
                ) : (
                  <Input maxLength={20000} />
                )}
              </Form.Item>
            ))}
          </Form>
          {signers.length > 0 && (
            <div data-testid="signatures">
              <Divider titlePlacement="start" style={{ margin: "8px 0" }}>
                当场签名
              </Divider>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                请将笔录交签名人核对或向其宣读，无误后在下方手写签名并点“确认”。不当场签名的，签名栏留空，打印后手写。
              </Typography.Paragraph>
              {slots.map((slot) => (
                <Card key={slot.id} size="small" style={{ marginBottom: 12 }} styles={{ body: { padding: screens.md ? 12 : 8 } }} data-signer={slot.id}>
                  <Space direction="vertical" style={{ width: "100%" }} size={8}>
                    <Space wrap style={{ width: "100%" }}>
                      <Typography.Text strong>{slot.label}</Typography.Text>
                      {slot.signer.role === "officer" && officerNames.length > 0 ? (
                        <Select aria-label={`${slot.label}姓名`} style={{ minWidth: 140 }} value={nameOf(slot) || undefined} placeholder="选择执法人员" onChange={(name: string) => update(slot.id, { name })} options={officerNames.map((n) => ({ value: n, label: n }))} disabled={generating} />
                      ) : (
                        <Input aria-label={`${slot.label}姓名`} placeholder="签名人姓名" style={{ width: 180 }} value={nameOf(slot)} onChange={(e) => update(slot.id, { name: e.target.value })} maxLength={50} disabled={generating} />
                      )}
                    </Space>
                    <SignaturePad label={`${slot.label}签名`} value={sig(slot).png} onChange={(png) => update(slot.id, { png })} onInk={(inked) => update(slot.id, { inked })} height={screens.md ? 200 : 170} disabled={generating} />
                    {slotProblems[slot.id] && <Alert type="error" showIcon message={slotProblems[slot.id]} />}
                  </Space>
                </Card>
              ))}
              <Space wrap>
                {signers.some((s) => s.role === "officer") && officerCount < maxOfficers && (
                  <Button size="small" onClick={() => setOfficerCount((n) => n + 1)} disabled={generating}>
                    再加一名执法人员签名
                  </Button>
                )}
                {signers.some((s) => s.role === "officer") && officerCount > 1 && (
                  <Button size="small" onClick={() => setOfficerCount((n) => n - 1)} disabled={generating}>
                    减少一名
                  </Button>
                )}
                {optionalWitness && (
                  <Space size={4}>
                    <Switch size="small" checked={witness} onChange={setWitness} disabled={generating} aria-label={`${optionalWitness.label}签名`} />
                    <span>{optionalWitness.label}签名</span>
                  </Space>
                )}
              </Space>
            </div>
          )}
          {problem && <Alert type="error" showIcon message="未能生成" description={problem} closable onClose={() => setProblem(null)} />}
        </Space>
      </Spin>
      {/* the actions and the progress stay in sight at the bottom of the drawer */}
      <div style={{ position: "sticky", bottom: 0, zIndex: 2, background: "#fff", borderTop: "1px solid #f0f0f0", marginTop: 12, padding: "10px 0" }}>
        {generating && (
          <div role="status" style={{ display: "flex", alignItems: "center", gap: 8, marginBottom: 8 }}>
            <Spin size="small" />
            <Typography.Text>正在生成文书，请稍候…</Typography.Text>
          </div>
        )}
        <div style={{ display: "flex", gap: 8, justifyContent: "flex-end" }}>
          <Button onClick={onBack} disabled={generating} size={screens.md ? "middle" : "large"}>
            上一步
          </Button>
          <Button type="primary" icon={<FileAddOutlined />} loading={generating} onClick={() => void submit()} size={screens.md ? "middle" : "large"} style={screens.md ? undefined : { flex: 1 }}>
            生成
          </Button>
        </div>
      </div>
    </>
  );
}
