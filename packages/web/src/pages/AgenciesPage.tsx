import { useEffect, useMemo, useState } from "react";
import { App, Button, Card, Col, Descriptions, Empty, Form, Grid, Input, Modal, Row, Space, Spin, Tag, Tree, Typography } from "antd";
import { DownloadOutlined, EditOutlined, HistoryOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { ACTION_TYPES, ACTION_TYPE_LABELS, AGENCY_LEVELS, AGENCY_LEVEL_LABELS, UNIT_KINDS, UNIT_KIND_LABELS, type UnitKind } from "@zhifa/domain";
import { download, errorMessage, get, patch, post, type Agency, type FieldMeta, type Unit } from "../api.ts";
import { useSession } from "../session.tsx";
import { agencyTree, useAgencies } from "../components/agencies.tsx";
import { FieldItem, FieldValue, toBody, toFormValues } from "../components/fields.tsx";
import { HistoryDrawer } from "../components/HistoryDrawer.tsx";
import { showSaveError } from "../components/errors.ts";
import { DataTable } from "../components/DataTable.tsx";
import { ImportDialog } from "../components/ImportDialog.tsx";

const opts = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((value) => ({ value, label: labels[value] }));

/** 执法主体 fields (R-LIST-01), described like list fields so the generic form renders them. */
const AGENCY_FIELDS: FieldMeta[] = [
  { key: "code", label: "主体编码", type: "text", required: true, maxLength: 32, pattern: "^[0-9A-Za-z_-]+$", patternMessage: "只能包含字母、数字、下划线和连字符", column: false, search: false, filter: false },
  { key: "name", label: "主体名称", type: "text", required: true, maxLength: 100, column: false, search: false, filter: false },
  { key: "level", label: "层级", type: "enum", required: true, options: opts(AGENCY_LEVELS, AGENCY_LEVEL_LABELS), column: false, search: false, filter: false },
  { key: "regionCode", label: "行政区划代码", type: "text", required: true, pattern: "^\\d{6}$", patternMessage: "应为 6 位数字", column: false, search: false, filter: false },
  { key: "regionName", label: "区域名称", type: "text", required: true, maxLength: 60, column: false, search: false, filter: false },
  { key: "actionTypes", label: "执法类别", type: "enumArray", required: false, options: opts(ACTION_TYPES, ACTION_TYPE_LABELS), column: false, search: false, filter: false },
  { key: "legalBasis", label: "职权依据", type: "longtext", required: false, maxLength: 4000, column: false, search: false, filter: false },
  { key: "nature", label: "主体性质", type: "text", required: false, maxLength: 40, column: false, search: false, filter: false, help: "例如：法定行政机关、法律法规授权组织" },
  { key: "socialCreditCode", label: "统一社会信用代码", type: "text", required: false, pattern: "^[0-9A-HJ-NPQRTUWXY]{18}$", patternMessage: "应为 18 位统一社会信用代码", column: false, search: false, filter: false },
  { key: "address", label: "地址", type: "text", required: false, maxLength: 200, column: false, search: false, filter: false },
  { key: "phone", label: "联系电话", type: "text", required: false, maxLength: 40, column: false, search: false, filter: false },
  { key: "active", label: "启用", type: "bool", required: false, column: false, search: false, filter: false },
];
const CREATE_ONLY = new Set(["code", "level", "regionCode"]);
const STRING_FIELDS = ["legalBasis", "nature", "address", "phone"];
const UNIT_FIELDS: FieldMeta[] = [
  { key: "name", label: "名称", type: "text", required: true, maxLength: 60, column: true, search: false, filter: false },
  { key: "kind", label: "类型", type: "enum", required: true, options: opts(UNIT_KINDS, UNIT_KIND_LABELS), column: true, search: false, filter: false },
];
const labelsOf = (fields: FieldMeta[]) => Object.fromEntries(fields.map((f) => [f.key, f.label]));

type AgencyDetail = Agency & { units: Unit[] };

/** /agencies: the agency tree (R-GEN-02) with details, units (科室) and history. */
export function AgenciesPage() {
  const { me, hasRole } = useSession();
  const { message } = App.useApp();
  const { agencies, loading, reload } = useAgencies();
  const screens = Grid.useBreakpoint();
  const [selected, setSelected] = useState<string | undefined>(me?.agency.id);
  const [detail, setDetail] = useState<AgencyDetail | null>(null);
  const [tick, setTick] = useState(0);
  const [form, setForm] = useState<"edit" | "child" | null>(null);
  const [unitForm, setUnitForm] = useState<{ unit: Unit | null } | null>(null);
  const [importing, setImporting] = useState(false);
  const [history, setHistory] = useState<{ table: string; id: string; title: string; fields: FieldMeta[] } | null>(null);

  const tree = useMemo(() => agencyTree(agencies), [agencies]);

  useEffect(() => {
    if (!selected) return;
    let live = true;
    get<AgencyDetail>(`/api/agencies/${selected}`)
      .then((d) => live && setDetail(d))
      .catch((e: unknown) => live && void message.error(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [selected, tick, message]);

  const refresh = () => {
    setTick((t) => t + 1);
    reload();
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9} xl={8}>
        <Card
          title="执法主体"
          size="small"
          extra={
            <Space size={4}>
              <Button size="small" icon={<DownloadOutlined />} onClick={() => void download("/api/agencies/export", "执法主体清单.xlsx").catch((e: unknown) => message.error(errorMessage(e)))}>
                导出
              </Button>
              {hasRole("admin") && (
                <Button size="small" icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                  导入
                </Button>
              )}
            </Space>
          }
        >
          {loading ? (
            <Spin />
          ) : (
            <Tree
              key={agencies.length}
              treeData={tree}
              defaultExpandAll
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => {
                if (!keys[0]) return;
                setSelected(String(keys[0]));
                // on a phone the details sit below the tree
                if (!screens.lg) setTimeout(() => document.getElementById("agency-detail")?.scrollIntoView({ behavior: "smooth" }), 300);
              }}
              titleRender={(n) => (
                <span>
                  {n.title as string}
                  {!(n as { agency: Agency }).agency.active && <Tag style={{ marginInlineStart: 4 }}>停用</Tag>}
                </span>
              )}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={15} xl={16}>
        {!detail ? (
          <Card>
            <Empty description="请选择执法主体" />
          </Card>
        ) : (
          <Space orientation="vertical" style={{ width: "100%" }} size="middle">
            <Card title={<span style={{ whiteSpace: "normal" }}>{detail.name}</span>} id="agency-detail">
              {(detail.can.update || detail.can.createChild || detail.can.manageUnits) && (
                <Space wrap style={{ marginBottom: 12 }}>
                  {detail.can.update && (
                    <Button icon={<EditOutlined />} onClick={() => setForm("edit")}>
                      编辑
                    </Button>
                  )}
                  {detail.can.createChild && (
                    <Button icon={<PlusOutlined />} onClick={() => setForm("child")}>
                      新增下级主体
                    </Button>
                  )}
                  {(detail.can.update || detail.can.manageUnits) && (
                    <Button icon={<HistoryOutlined />} onClick={() => setHistory({ table: "agencies", id: detail.id, title: detail.name, fields: AGENCY_FIELDS })}>
                      历史
                    </Button>
                  )}
                </Space>
              )}
              <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small" bordered styles={{ label: { whiteSpace: "nowrap" } }}>
                {AGENCY_FIELDS.map((f) => (
                  <Descriptions.Item key={f.key} label={f.label} span={f.type === "longtext" ? "filled" : undefined}>
                    <FieldValue field={f} value={(detail as unknown as Record<string, unknown>)[f.key]} />
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </Card>
            <Card
              title="内设机构（科室）"
              size="small"
              extra={
                detail.can.manageUnits && (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setUnitForm({ unit: null })}>
                    新增科室
                  </Button>
                )
              }
            >
              <DataTable
                rows={detail.units}
                rowKey={(u) => u.id}
                empty="暂无内设机构"
                columns={[
                  { key: "name", title: "名称", render: (u) => u.name },
                  { key: "kind", title: "类型", render: (u) => UNIT_KIND_LABELS[u.kind as UnitKind] ?? u.kind },
                ]}
                actions={
                  detail.can.manageUnits
                    ? (u) => (
                        <Space size={0}>
                          <Button type="link" size="small" onClick={() => setUnitForm({ unit: u })}>
                            编辑
                          </Button>
                          <Button type="link" size="small" onClick={() => setHistory({ table: "units", id: u.id, title: u.name, fields: UNIT_FIELDS })}>
                            历史
                          </Button>
                        </Space>
                      )
                    : undefined
                }
              />
            </Card>
          </Space>
        )}
      </Col>
      {detail && form && (
        <AgencyForm
          mode={form}
          agency={detail}
          onClose={() => setForm(null)}
          onSaved={(a) => {
            setForm(null);
            if (form === "child") setSelected(a.id);
            refresh();
          }}
        />
      )}
      {detail && unitForm && (
        <UnitForm
          agencyId={detail.id}
          unit={unitForm.unit}
          onClose={() => setUnitForm(null)}
          onSaved={() => {
            setUnitForm(null);
            refresh();
          }}
        />
      )}
      <HistoryDrawer open={!!history} onClose={() => setHistory(null)} table={history?.table ?? "agencies"} rowId={history?.id ?? null} title={history?.title ?? ""} fields={history?.fields ?? []} />
      <ImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        label="执法主体清单"
        templateUrl="/api/agencies/template"
        importUrl="/api/agencies/import"
        note="每行一个执法主体：主体编码已存在的更新该主体（上级、层级和行政区划代码不能通过导入修改），其余新增到“上级主体编码”所指的主体之下（可以是本表中的另一行）。只能新增或修改本单位及下级主体。"
        onImported={refresh}
      />
    </Row>
  );
}

function AgencyForm({ mode, agency, onClose, onSaved }: { mode: "edit" | "child"; agency: Agency; onClose(): void; onSaved(a: Agency): void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const fields = AGENCY_FIELDS.filter((f) => (mode === "edit" ? !CREATE_ONLY.has(f.key) : f.key !== "active"));
  const initial = mode === "edit" ? toFormValues(fields, agency as unknown as Record<string, unknown>) : { ...toFormValues(fields), regionCode: agency.regionCode, regionName: agency.regionName };
  const submit = async () => {
    let values: Record<string, unknown>;
    try {
      values = (await form.validateFields()) as Record<string, unknown>;
    } catch {
      return;
    }
    const body = toBody(fields, values);
    for (const k of STRING_FIELDS) if (k in body) body[k] = body[k] ?? "";
    setBusy(true);
    try {
      const saved = mode === "edit" ? await patch<Agency>(`/api/agencies/${agency.id}`, { ...body, version: agency.version }) : await post<Agency>("/api/agencies", { ...body, parentId: agency.id });
      void message.success(mode === "edit" ? "已保存" : "已新增下级执法主体");
      onSaved(saved);
    } catch (e) {
      showSaveError(form, e, message, labelsOf(fields));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={mode === "edit" ? `编辑：${agency.name}` : `新增下级主体（上级：${agency.name}）`} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText="保存" cancelText="取消" width={640} destroyOnHidden>
      <Form form={form} name="agency" layout="vertical" initialValues={initial}>
        {fields.map((f) => (
          <FieldItem key={f.key} field={f} />
        ))}
      </Form>
    </Modal>
  );
}

function UnitForm({ agencyId, unit, onClose, onSaved }: { agencyId: string; unit: Unit | null; onClose(): void; onSaved(): void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    let values: { name: string; kind: string };
    try {
      values = (await form.validateFields()) as { name: string; kind: string };
    } catch {
      return;
    }
    setBusy(true);
    try {
      const body = { name: values.name.trim(), kind: values.kind };
      if (unit) await patch(`/api/units/${unit.id}`, body);
      else await post(`/api/agencies/${agencyId}/units`, body);
      void message.success("已保存");
      onSaved();
    } catch (e) {
      showSaveError(form, e, message, labelsOf(UNIT_FIELDS));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={unit ? "编辑科室" : "新增科室"} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText="保存" cancelText="取消" destroyOnHidden>
      <Form form={form} name="unit" layout="vertical" initialValues={unit ?? { kind: "case" }}>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: "请填写名称" }, { max: 60, message: "名称不能超过 60 个字" }]}>
          <Input />
        </Form.Item>
        <FieldItem field={UNIT_FIELDS[1]!} />
      </Form>
      <Typography.Text type="secondary">科室用于用户归属和案件承办。</Typography.Text>
    </Modal>
  );
}
