import { useEffect, useState } from "react";
import { Alert, App, Button, Card, DatePicker, Input, Result, Select, Space, Tag, Typography } from "antd";
import { DownloadOutlined, EditOutlined, HistoryOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { ACTION_TYPES, ACTION_TYPE_LABELS } from "@zhifa/domain";
import { download, errorMessage, get, isMissingRoute, qs, type FieldMeta, type Page } from "../api.ts";
import { useSession } from "../session.tsx";
import { AgencyPicker, useAgencies } from "../components/agencies.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { HistoryDrawer } from "../components/HistoryDrawer.tsx";
import { ImportDialog } from "../components/ImportDialog.tsx";
import { PowerVersionsDrawer, type PowerItem } from "../components/PowerVersions.tsx";
import { PowerChangeForm } from "../components/PowerChangeForm.tsx";
import { chinaToday } from "../today.ts";

const today = () => chinaToday().format("YYYY-MM-DD");
interface PowerMeta {
  label: string;
  fields: FieldMeta[];
  changeKinds: { value: string; label: string }[];
}

/** Counts of changed items per kind (e.g. 取消 53 项、下放 21 项…, R-LIST-03). */
function ChangeSummary({ agencyId, tick, kinds }: { agencyId?: string; tick: number; kinds: PowerMeta["changeKinds"] }) {
  const [summary, setSummary] = useState<Record<string, number> | null>(null);
  useEffect(() => {
    let live = true;
    get<{ summary: Record<string, number> }>(`/api/powers/changes${qs({ agencyId, pageSize: 1 })}`)
      .then((r) => live && setSummary(r.summary))
      .catch(() => live && setSummary(null));
    return () => {
      live = false;
    };
  }, [agencyId, tick]);
  if (!summary) return null;
  return (
    <Space wrap size={4}>
      <Typography.Text type="secondary">累计变更：</Typography.Text>
      {kinds.map((k) => (
        <Tag key={k.value}>
          {k.label} {summary[k.value] ?? 0} 项
        </Tag>
      ))}
    </Space>
  );
}

/**
 * /powers — 权力清单 (R-LIST-03): the list as of any date, each item's dated versions
 * (新增/调整/取消/下放/合并) and the changes a maintainer registers.
 */
export function PowersPage() {
  const { me, hasRole, can } = useSession();
  const { message } = App.useApp();
  const { agencies } = useAgencies();
  const [asOf, setAsOf] = useState(today());
  const [agencyId, setAgencyId] = useState<string | undefined>(me?.agency.id);
  const [q, setQ] = useState("");
  const [actionType, setActionType] = useState<string | undefined>();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [data, setData] = useState<Page<PowerItem> | null>(null);
  const [missing, setMissing] = useState(false);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const [meta, setMeta] = useState<PowerMeta | null>(null);
  const [versionsOf, setVersionsOf] = useState<PowerItem | null>(null);
  const [auditOf, setAuditOf] = useState<PowerItem | null>(null);
  const [changing, setChanging] = useState<{ item: PowerItem | null } | null>(null);
  const [importing, setImporting] = useState(false);
  const [importDate, setImportDate] = useState(today());
  const [importReason, setImportReason] = useState("");

  useEffect(() => {
    let live = true;
    get<PowerMeta>("/api/powers/fields")
      .then((m) => live && setMeta(m))
      .catch((e: unknown) => live && isMissingRoute(e) && setMissing(true));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    setLoading(true);
    get<Page<PowerItem>>(`/api/powers${qs({ page: page.current, pageSize: page.pageSize, asOf, agencyId, q, actionType })}`)
      .then((r) => live && setData(r))
      .catch((e: unknown) => {
        if (!live) return;
        if (isMissingRoute(e)) setMissing(true);
        else void message.error(errorMessage(e));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [asOf, agencyId, q, actionType, page, tick, message]);

  if (missing) return <Result status="info" title="权力清单模块尚未启用" />;
  const current = asOf === today();
  const target = agencyId ?? me?.agency.id ?? "";
  const targetName = agencies.find((a) => a.id === target)?.name ?? me?.agency.name ?? "";
  const reset = () => setPage((p) => ({ ...p, current: 1 }));

  return (
    <Card
      title={
        <Space wrap size={4}>
          <span>{meta?.label ?? "权力清单"}</span>
          <Tag>R-LIST-03</Tag>
        </Space>
      }
      styles={{ header: { flexWrap: "wrap" } }}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker
          id="powers-asof"
          aria-label="截至日期"
          prefix="截至"
          value={dayjs(asOf)}
          allowClear={false}
          format="YYYY-MM-DD"
          onChange={(d) => (setAsOf(d ? d.format("YYYY-MM-DD") : today()), reset())}
          style={{ width: 180 }}
        />
        <AgencyPicker value={agencyId} onChange={(id) => (setAgencyId(id), reset())} allowClear={hasRole("admin", "supervisor")} placeholder="全部（本级及下级）" style={{ width: 260, maxWidth: "100%" }} />
        <Input.Search allowClear placeholder="事项编码、名称、依据" enterButton="搜索" onSearch={(v) => (setQ(v.trim()), reset())} style={{ width: 260, maxWidth: "100%" }} />
        <Select
          allowClear
          placeholder="事项类别"
          value={actionType}
          onChange={(v) => (setActionType(v), reset())}
          options={ACTION_TYPES.map((t) => ({ value: t, label: ACTION_TYPE_LABELS[t] }))}
          style={{ minWidth: 120 }}
        />
      </Space>
      {!current && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`正在查看 ${asOf} 当日有效的权力清单（历史状态，只读）`} />}
      <Space wrap style={{ marginBottom: 12 }}>
        {current && can("power", "change") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setChanging({ item: null })} disabled={!meta}>
            新增事项
          </Button>
        )}
        {can("power", "import") && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            导入
          </Button>
        )}
        {can("power", "export") && (
          <Button icon={<DownloadOutlined />} onClick={() => void download(`/api/powers/export${qs({ agencyId, asOf })}`, "权力清单.xlsx").catch((e: unknown) => message.error(errorMessage(e)))}>
            导出
          </Button>
        )}
        <Typography.Text type="secondary">共 {data?.total ?? 0} 项</Typography.Text>
      </Space>
      {meta && (
        <div style={{ marginBottom: 12 }}>
          <ChangeSummary agencyId={agencyId} tick={tick} kinds={meta.changeKinds} />
        </div>
      )}
      <DataTable
        rows={data?.items ?? []}
        rowKey={(r) => r.id}
        loading={loading}
        empty={current ? "暂无事项" : `${asOf} 当日没有有效的事项`}
        page={{ ...page, total: data?.total ?? 0, onChange: (c, pageSize) => setPage({ current: c, pageSize }) }}
        columns={[
          { key: "itemCode", title: "事项编码", render: (r) => r.itemCode, nowrap: true },
          { key: "name", title: "事项名称", render: (r) => r.name },
          { key: "actionType", title: "类别", render: (r) => r.actionTypeLabel ?? r.actionType, nowrap: true },
          { key: "basis", title: "设定依据", render: (r) => `${r.basisLaw ?? ""}${r.basisArticle ?? ""}` },
          { key: "from", title: "本版本生效", render: (r) => r.effectiveFrom, nowrap: true },
          { key: "kind", title: "来源", render: (r) => <Tag>{r.changeKindLabel}</Tag>, nowrap: true },
          ...(agencyId ? [] : [{ key: "agency", title: "执法主体", render: (r: PowerItem) => r.agencyName }]),
        ]}
        actions={(r) => (
          <Space size={0} wrap>
            {current && (r.can?.change || r.can?.correct) && (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setChanging({ item: r })} disabled={!meta}>
                变更
              </Button>
            )}
            <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setVersionsOf(r)}>
              历史
            </Button>
            <Button type="link" size="small" onClick={() => setAuditOf(r)}>
              审计
            </Button>
          </Space>
        )}
      />
      <PowerVersionsDrawer item={versionsOf} onClose={() => setVersionsOf(null)} fields={meta?.fields ?? []} />
      <HistoryDrawer open={!!auditOf} onClose={() => setAuditOf(null)} table="power_items" rowId={auditOf?.id ?? null} title={`${auditOf?.itemCode ?? ""} ${auditOf?.name ?? ""}`} fields={meta?.fields ?? []} />
      {changing && meta && (
        <PowerChangeForm
          item={changing.item}
          agencyId={changing.item?.agencyId ?? target}
          fields={meta.fields}
          onClose={() => setChanging(null)}
          onSaved={() => {
            setChanging(null);
            setTick((t) => t + 1);
          }}
        />
      )}
      <ImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        label="权力清单"
        templateUrl="/api/powers/template"
        importUrl={`/api/powers/import${qs({ agencyId: target, effectiveDate: importDate, reason: importReason.trim() || undefined })}`}
        note={`导入到：${targetName}。表中事项编码已存在的按“调整”登记，新编码按“新增”登记，内容未变的不登记。`}
        options={
          <Space wrap>
            <DatePicker prefix="生效日期" value={dayjs(importDate)} allowClear={false} format="YYYY-MM-DD" onChange={(d) => setImportDate(d ? d.format("YYYY-MM-DD") : today())} />
            <Input placeholder="变更理由（默认：Excel 导入）" value={importReason} onChange={(e) => setImportReason(e.target.value)} style={{ width: 260, maxWidth: "100%" }} maxLength={1000} />
          </Space>
        }
        onImported={() => setTick((t) => t + 1)}
      />
    </Card>
  );
}
