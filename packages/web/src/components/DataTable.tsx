import type { ReactNode } from "react";
import { Card, Empty, Grid, Pagination, Spin, Table } from "antd";
import type { ColumnType } from "antd/es/table";

export interface DataColumn<T> {
  key: string;
  title: string;
  render(row: T): ReactNode;
  width?: number;
  /** Kept on one line in the table. */
  nowrap?: boolean;
}

interface Props<T> {
  rows: T[];
  rowKey(row: T): string;
  columns: DataColumn<T>[];
  /** Row actions (buttons): the last table column, the footer of a card on a phone. */
  actions?: (row: T) => ReactNode;
  loading?: boolean;
  page?: { current: number; pageSize: number; total: number; onChange(page: number, pageSize: number): void };
  empty?: string;
}

/**
 * A table on a desk, a list of cards on a phone (officers use phones on site): the same
 * columns either way, so no page needs two renderings.
 */
export function DataTable<T>({ rows, rowKey, columns, actions, loading, page, empty = "暂无数据" }: Props<T>) {
  const screens = Grid.useBreakpoint();
  const pagination = page
    ? {
        current: page.current,
        pageSize: page.pageSize,
        total: page.total,
        showSizeChanger: true,
        showTotal: (t: number) => `共 ${t} 条`,
        onChange: page.onChange,
      }
    : false;

  if (!screens.md) {
    const [head, ...rest] = columns;
    return (
      <Spin spinning={!!loading}>
        {rows.length === 0 && !loading && <Empty description={empty} />}
        <div className="data-cards" style={{ display: "flex", flexDirection: "column", gap: 8 }}>
          {rows.map((row) => (
            <Card key={rowKey(row)} size="small" title={head ? head.render(row) : null} styles={{ body: { padding: 12 } }}>
              {rest.map((c) => (
                <div key={c.key} style={{ display: "flex", gap: 8, padding: "2px 0", minWidth: 0 }}>
                  <span style={{ color: "rgba(0,0,0,0.45)", flex: "0 0 6.5em" }}>{c.title}</span>
                  <span style={{ flex: 1, minWidth: 0, overflowWrap: "anywhere" }}>{c.render(row)}</span>
                </div>
              ))}
              {actions && <div style={{ marginTop: 8, display: "flex", flexWrap: "wrap", gap: 4 }}>{actions(row)}</div>}
            </Card>
          ))}
        </div>
        {page && page.total > page.pageSize && (
          <Pagination
            simple
            style={{ marginTop: 12, textAlign: "center" }}
            current={page.current}
            pageSize={page.pageSize}
            total={page.total}
            onChange={page.onChange}
          />
        )}
      </Spin>
    );
  }

  const tableColumns: ColumnType<T>[] = columns.map((c) => ({
    key: c.key,
    title: c.title,
    width: c.width,
    render: (_: unknown, row: T) => c.render(row),
    onCell: c.nowrap ? () => ({ style: { whiteSpace: "nowrap" } }) : undefined,
  }));
  if (actions) tableColumns.push({ key: "__actions", title: "操作", fixed: "right", render: (_: unknown, row: T) => actions(row), onCell: () => ({ style: { whiteSpace: "nowrap" } }) });
  return (
    <Table<T>
      rowKey={rowKey}
      dataSource={rows}
      columns={tableColumns}
      loading={loading}
      pagination={pagination}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: empty }}
      size="middle"
    />
  );
}
