import { useEffect, useState } from "react";
import { beijingTime } from "@zhifa/domain";
import { Alert, Descriptions, Drawer, Grid, Spin, Table, Tag, Timeline, Typography } from "antd";
import { errorMessage, get, qs, type FieldMeta } from "../api.ts";
import { valueText } from "./fields.tsx";

/** One version of a power item as GET /api/powers returns it (R-LIST-03). */
export interface PowerItem {
  id: string;
  agencyId: string;
  agencyName: string;
  version: number;
  itemCode: string;
  name: string;
  actionType: string;
  actionTypeLabel?: string;
  basisLaw?: string | null;
  basisArticle?: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  changeKind: string;
  changeKindLabel: string;
  can?: Record<string, boolean>;
  [field: string]: unknown;
}

export interface PowerChange {
  id: string;
  agencyName: string;
  kind: string;
  kindLabel: string;
  effectiveDate: string;
  reason: string;
  documentNo: string | null;
  itemCodes: string[];
  resultItemCode: string | null;
  targetAgencies: { id: string; name: string }[];
  actorName: string;
  createdAt: string;
}

type Version = PowerItem & { startChange: PowerChange; endChange: PowerChange | null };
interface ItemHistory {
  itemCode: string;
  versions: Version[];
  changes: PowerChange[];
}

const KIND_COLORS: Record<string, string> = { add: "green", adjust: "blue", cancel: "red", delegate: "purple", merge: "cyan" };

/** Fields that differ between two consecutive versions. */
function diff(fields: FieldMeta[], a: Version, b: Version) {
  return fields
    .filter((f) => JSON.stringify(a[f.key] ?? null) !== JSON.stringify(b[f.key] ?? null))
    .map((f) => ({ key: f.key, label: f.label, from: valueText(f, a[f.key]), to: valueText(f, b[f.key]) }));
}

function ChangeLine({ c }: { c: PowerChange }) {
  return (
    <div>
      <Tag color={KIND_COLORS[c.kind] ?? "default"}>{c.kindLabel}</Tag>
      <Typography.Text strong>{c.effectiveDate} 起生效</Typography.Text>
      {c.documentNo && <Typography.Text type="secondary">（{c.documentNo}）</Typography.Text>}
      <div>
        <Typography.Text type="secondary">理由：</Typography.Text>
        {c.reason}
      </div>
      {c.targetAgencies.length > 0 && (
        <div>
          <Typography.Text type="secondary">下放至：</Typography.Text>
          {c.targetAgencies.map((t) => t.name).join("、")}
        </div>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {c.actorName} 登记于 {beijingTime(new Date(c.createdAt)).slice(0, 16)}
      </Typography.Text>
    </div>
  );
}

/** The dated versions of one power item: what changed, when it took effect, by which decision. */
export function PowerVersionsDrawer({ item, onClose, fields }: { item: PowerItem | null; onClose(): void; fields: FieldMeta[] }) {
  const [data, setData] = useState<ItemHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const screens = Grid.useBreakpoint();

  useEffect(() => {
    if (!item) return;
    let live = true;
    setData(null);
    setError(null);
    get<ItemHistory>(`/api/powers/${encodeURIComponent(item.itemCode)}/versions${qs({ agencyId: item.agencyId })}`)
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [item]);

  const shown = fields.filter((f) => f.key !== "itemCode");
  return (
    <Drawer open={!!item} onClose={onClose} title={`版本历史：${item?.itemCode ?? ""} ${item?.name ?? ""}`} size={screens.md ? 680 : "100%"} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} />}
      {!error && !data && <Spin />}
      {data && (
        <Timeline
          className="power-versions"
          items={[...data.versions].reverse().map((v, i, all) => {
            const older = all[i + 1];
            const changes = older && older.agencyId === v.agencyId ? diff(shown, older, v) : [];
            return {
              color: v.effectiveTo ? "gray" : "green",
              content: (
                <div className="power-version">
                  <Typography.Text strong>
                    {v.effectiveFrom} — {v.effectiveTo ?? "至今"}
                  </Typography.Text>{" "}
                  {!v.effectiveTo && <Tag color="green">现行</Tag>}
                  <Typography.Text type="secondary">{v.agencyName}</Typography.Text>
                  <div style={{ margin: "6px 0" }}>
                    <ChangeLine c={v.startChange} />
                  </div>
                  {changes.length > 0 && (
                    <Table
                      size="small"
                      rowKey="key"
                      pagination={false}
                      dataSource={changes}
                      scroll={{ x: "max-content" }}
                      columns={[
                        { title: "字段", dataIndex: "label", width: 120 },
                        { title: "原值", dataIndex: "from", render: (x: string) => <Typography.Text type="secondary">{x}</Typography.Text> },
                        { title: "新值", dataIndex: "to", render: (x: string) => <Typography.Text strong>{x}</Typography.Text> },
                      ]}
                    />
                  )}
                  {!older && shown.length > 0 && (
                    <Descriptions size="small" column={1} bordered>
                      {shown.slice(0, 8).map((f) => (
                        <Descriptions.Item key={f.key} label={f.label}>
                          {valueText(f, v[f.key])}
                        </Descriptions.Item>
                      ))}
                    </Descriptions>
                  )}
                  {v.endChange && (
                    <div style={{ marginTop: 6 }}>
                      <Typography.Text type="secondary">结束：</Typography.Text>
                      <ChangeLine c={v.endChange} />
                    </div>
                  )}
                </div>
              ),
            };
          })}
        />
      )}
    </Drawer>
  );
}
