import { useEffect, useState } from "react";
import { Alert, Descriptions, Drawer, Empty, Grid, Spin, Table, Tag, Timeline, Typography } from "antd";
import dayjs from "dayjs";
import { errorMessage, get, type FieldMeta, type HistoryEntry } from "../api.ts";
import { snakeToCamel, valueText } from "./fields.tsx";

/** Bookkeeping columns: never shown as "changes". */
const HIDDEN = new Set(["id", "version", "created_at", "updated_at", "agency_id", "password_hash"]);

const OP_LABELS: Record<string, { label: string; color: string }> = {
  insert: { label: "新增", color: "green" },
  INSERT: { label: "新增", color: "green" },
  update: { label: "修改", color: "blue" },
  UPDATE: { label: "修改", color: "blue" },
  delete: { label: "删除", color: "red" },
  DELETE: { label: "删除", color: "red" },
};

/** Labels of the audit trail's action names ("officers.import" → 导入). */
const VERB_LABELS: Record<string, string> = {
  create: "新增",
  update: "修改",
  delete: "删除",
  import: "Excel 导入",
  change: "变更",
  correct: "更正",
  reset_password: "重置密码",
  password_change: "修改密码",
  login: "登录",
  logout: "退出",
};

export function actionLabel(action: string): string {
  if (action.startsWith("seed")) return "初始化数据";
  const verb = action.split(".").pop() ?? action;
  return VERB_LABELS[verb] ?? action;
}

interface Props {
  open: boolean;
  onClose(): void;
  /** SQL table name of the record (GET /api/history/:table/:rowId). */
  table: string;
  rowId: string | null;
  title: string;
  /** Field metadata for labels and value rendering (keys in camelCase). */
  fields: FieldMeta[];
}

/** Timeline of a record's changes from the audit trail: when, who, what, and old → new values. */
export function HistoryDrawer({ open, onClose, table, rowId, title, fields }: Props) {
  const [items, setItems] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const screens = Grid.useBreakpoint();

  useEffect(() => {
    if (!open || !rowId) return;
    let live = true;
    setItems(null);
    setError(null);
    get<{ items: HistoryEntry[] }>(`/api/history/${table}/${rowId}`)
      .then((r) => live && setItems(r.items))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [open, rowId, table]);

  const byKey = new Map(fields.map((f) => [f.key, f]));
  const fieldOf = (column: string) => byKey.get(snakeToCamel(column));
  const labelOf = (column: string) => fieldOf(column)?.label ?? column;

  const changes = (e: HistoryEntry) => {
    const columns = (e.changed ?? Object.keys(e.newRow ?? {})).filter((c) => !HIDDEN.has(c));
    return columns.map((c) => ({
      key: c,
      label: labelOf(c),
      from: valueText(fieldOf(c), e.oldRow?.[c]),
      to: valueText(fieldOf(c), e.newRow?.[c]),
    }));
  };

  const body = (e: HistoryEntry) => {
    const op = e.op.toLowerCase();
    if (op === "update") {
      const rows = changes(e);
      if (rows.length === 0) return <Typography.Text type="secondary">无字段变化</Typography.Text>;
      return (
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={rows}
          scroll={{ x: "max-content" }}
          columns={[
            { title: "字段", dataIndex: "label", width: 120 },
            { title: "原值", dataIndex: "from", render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
            { title: "新值", dataIndex: "to", render: (x: string) => <Typography.Text strong>{x}</Typography.Text> },
          ]}
        />
      );
    }
    const row = op === "delete" ? e.oldRow : e.newRow;
    const shown = fields.filter((f) => row && row[toSnake(f.key)] !== undefined && row[toSnake(f.key)] !== null && row[toSnake(f.key)] !== "").slice(0, 12);
    if (shown.length === 0) return null;
    return (
      <Descriptions size="small" column={1} bordered>
        {shown.map((f) => (
          <Descriptions.Item key={f.key} label={f.label}>
            {valueText(f, row?.[toSnake(f.key)])}
          </Descriptions.Item>
        ))}
      </Descriptions>
    );
  };

  return (
    <Drawer open={open} onClose={onClose} title={`变更历史：${title}`} size={screens.md ? 640 : "100%"} destroyOnHidden>
      {error && <Alert type="error" title={error} showIcon />}
      {!error && !items && <Spin />}
      {items && items.length === 0 && <Empty description="暂无变更记录" />}
      {items && items.length > 0 && (
        <Timeline
          items={[...items].reverse().map((e) => {
            const op = OP_LABELS[e.op] ?? { label: e.op, color: "gray" };
            return {
              color: op.color,
              content: (
                <div className="history-entry">
                  <div style={{ marginBottom: 8 }}>
                    <Typography.Text strong>{dayjs(e.at).format("YYYY-MM-DD HH:mm:ss")}</Typography.Text>{" "}
                    <Typography.Text>{e.actorName}</Typography.Text> <Tag color={op.color}>{op.label}</Tag>
                    {actionLabel(e.action) !== op.label && <Typography.Text type="secondary">{actionLabel(e.action)}</Typography.Text>}
                  </div>
                  {body(e)}
                </div>
              ),
            };
          })}
        />
      )}
    </Drawer>
  );
}

const toSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
