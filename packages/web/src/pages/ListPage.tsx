import { useEffect, useMemo, useState } from "react";
import { useParams } from "react-router-dom";
import { App, Button, Card, Input, Popconfirm, Result, Select, Space, Tag, Typography } from "antd";
import { DownloadOutlined, HistoryOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { del, download, errorMessage, get, qs, type FieldMeta, type ListMeta, type ListRowData, type Page } from "../api.ts";
import { useSession } from "../session.tsx";
import { AgencyPicker, useAgencies } from "../components/agencies.tsx";
import { DataTable, type DataColumn } from "../components/DataTable.tsx";
import { FieldValue } from "../components/fields.tsx";
import { ListForm } from "../components/ListForm.tsx";
import { HistoryDrawer } from "../components/HistoryDrawer.tsx";
import { ImportDialog } from "../components/ImportDialog.tsx";

/** /lists/:kind — any list, rendered from its metadata (R-LIST-10: new lists need no new page). */
export function ListPage() {
  const { kind } = useParams();
  const { lists } = useSession();
  const list = lists.find((l) => l.kind === kind);
  if (!list) return <Result status="404" title="清单不存在" subTitle="该清单不存在或尚未启用" />;
  return <ListView key={list.kind} list={list} />;
}

function FilterControl({ field: f, value, onChange }: { field: FieldMeta; value?: string; onChange(v: string | undefined): void }) {
  if (f.type === "bool")
    return (
      <Select
        allowClear
        placeholder={f.label}
        value={value}
        onChange={onChange}
        style={{ minWidth: 120 }}
        options={[
          { value: "true", label: `${f.label}：是` },
          { value: "false", label: `${f.label}：否` },
        ]}
      />
    );
  if (f.options)
    return (
      <Select
        allowClear
        placeholder={f.label}
        value={value}
        onChange={onChange}
        style={{ minWidth: 140 }}
        options={f.options.map((o) => ({ value: o.value, label: o.label }))}
        showSearch={{ optionFilterProp: "label" }}
        aria-label={f.label}
      />
    );
  return <Input allowClear placeholder={f.label} defaultValue={value} onBlur={(e) => onChange(e.target.value || undefined)} onPressEnter={(e) => onChange(e.currentTarget.value || undefined)} style={{ width: 140 }} />;
}

function ListView({ list }: { list: ListMeta }) {
  const { me, can, hasRole } = useSession();
  const { message } = App.useApp();
  const { agencies } = useAgencies();
  const [agencyId, setAgencyId] = useState<string | undefined>(me?.agency.id);
  const [q, setQ] = useState("");
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [data, setData] = useState<Page<ListRowData>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<{ row: ListRowData | null } | null>(null);
  const [history, setHistory] = useState<ListRowData | null>(null);
  const [importing, setImporting] = useState(false);
  const reload = () => setTick((t) => t + 1);

  useEffect(() => {
    let live = true;
    setLoading(true);
    get<Page<ListRowData>>(`/api/lists/${list.kind}${qs({ page: page.current, pageSize: page.pageSize, agencyId, q, ...filters })}`)
      .then((r) => live && setData(r))
      .catch((e: unknown) => live && void message.error(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [list.kind, agencyId, q, filters, page, tick, message]);

  const targetAgency = agencyId ?? me?.agency.id ?? "";
  const targetName = agencies.find((a) => a.id === targetAgency)?.name ?? me?.agency.name;
  const subtree = hasRole("admin", "supervisor");

  const columns = useMemo(() => {
    const cols: DataColumn<ListRowData>[] = list.fields
      .filter((f) => f.column)
      .map((f) => ({ key: f.key, title: f.label, render: (row) => <FieldValue field={f} value={row[f.key]} />, nowrap: f.type === "date" || f.type === "enum" }));
    if (!agencyId) cols.push({ key: "__agency", title: "执法主体", render: (row) => row.agencyName });
    return cols;
  }, [list, agencyId]);

  const remove = async (row: ListRowData) => {
    try {
      await del(`/api/lists/${list.kind}/${row.id}`);
      void message.success("已删除");
      reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const filterFields = list.fields.filter((f) => f.filter);
  const changePage = (current: number, pageSize: number) => setPage({ current, pageSize });

  return (
    <Card
      title={
        <Space wrap size={4}>
          <span>{list.label}</span>
          <Tag>{list.rule}</Tag>
        </Space>
      }
      styles={{ header: { flexWrap: "wrap" } }}
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <AgencyPicker
          value={agencyId}
          onChange={(id) => {
            setAgencyId(id);
            setPage((p) => ({ ...p, current: 1 }));
          }}
          allowClear={subtree}
          placeholder={subtree ? "全部（本级及下级）" : "执法主体"}
          style={{ width: 260, maxWidth: "100%" }}
        />
        <Input.Search
          allowClear
          placeholder={`搜索${list.fields
            .filter((f) => f.search)
            .map((f) => f.label)
            .slice(0, 3)
            .join("、")}`}
          onSearch={(v) => {
            setQ(v.trim());
            setPage((p) => ({ ...p, current: 1 }));
          }}
          style={{ width: 260, maxWidth: "100%" }}
          enterButton="搜索"
        />
        {filterFields.map((f) => (
          <FilterControl
            key={f.key}
            field={f}
            value={filters[f.key]}
            onChange={(v) => {
              setFilters((x) => ({ ...x, [f.key]: v }));
              setPage((p) => ({ ...p, current: 1 }));
            }}
          />
        ))}
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        {can("list", "create") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ row: null })}>
            新增
          </Button>
        )}
        {can("list", "import") && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            导入
          </Button>
        )}
        {can("list", "export") && (
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void download(`/api/lists/${list.kind}/export${qs({ agencyId })}`, `${list.label}.xlsx`).catch((e: unknown) => message.error(errorMessage(e)))}
          >
            导出
          </Button>
        )}
        <Typography.Text type="secondary">共 {data.total} 条</Typography.Text>
      </Space>

      <DataTable
        rows={data.items}
        rowKey={(r) => r.id}
        columns={columns}
        loading={loading}
        page={{ ...page, total: data.total, onChange: changePage }}
        actions={(row) => (
          <Space size={0} wrap>
            {row.can.update && (
              <Button type="link" size="small" onClick={() => setEditing({ row })}>
                编辑
              </Button>
            )}
            {row.can.delete && (
              <Popconfirm title="确定删除这条记录吗？" description="删除后仍可在变更历史中查到。" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => remove(row)}>
                <Button type="link" size="small" danger>
                  删除
                </Button>
              </Popconfirm>
            )}
            <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(row)}>
              历史
            </Button>
          </Space>
        )}
      />

      <ListForm
        list={list}
        row={editing?.row ?? null}
        agencyId={targetAgency}
        agencyName={targetName}
        open={!!editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
      <HistoryDrawer open={!!history} onClose={() => setHistory(null)} table={tableOf(list)} rowId={history?.id ?? null} title={rowTitle(list, history)} fields={list.fields} />
      <ImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        label={list.label}
        templateUrl={`/api/lists/${list.kind}/template`}
        importUrl={`/api/lists/${list.kind}/import${qs({ agencyId: targetAgency })}`}
        note={`导入到：${targetName ?? ""}。与已有记录${list.naturalKey.length ? `（按${list.naturalKey.map((k) => list.fields.find((f) => f.key === k)?.label ?? k).join("、")}）` : ""}相同的行将更新该记录。`}
        onImported={reload}
      />
    </Card>
  );
}

/** The list's SQL table, for the history endpoint. */
function tableOf(list: ListMeta): string {
  return list.tableName;
}

function rowTitle(list: ListMeta, row: ListRowData | null): string {
  if (!row) return list.label;
  const key = list.naturalKey[0] ?? list.fields[0]?.key;
  const name = row.name ?? row[key ?? ""];
  return `${list.label} · ${String(name ?? row.id)}`;
}
