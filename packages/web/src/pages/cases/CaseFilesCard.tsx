import { useCallback, useEffect, useState } from "react";
import { App, Button, Card, List, Space, Tag, Typography } from "antd";
import { DownloadOutlined, FolderAddOutlined, SyncOutlined } from "@ant-design/icons";
import { errorMessage, get, post } from "../../api.ts";
import { when } from "./common.tsx";

/** Shape of GET /api/cases/:id/case-files (server: modules/casefile/routes.ts). */
interface CaseFile {
  id: string;
  sha256: string;
  size: number;
  trigger: string;
  triggerLabel: string;
  entries: number;
  files: number;
  assembledAt: string;
}

const sizeLabel = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * 电子卷宗 (R-REC-07): the files the platform assembled when the case was closed (结案) and archived
 * (归档), or on request; each downloadable (the download is on record) and verifiable offline with
 * `zhifa verify`. Shown to those who may have the whole file (unit lead, legal reviewer, head,
 * supervisors): for others the API answers 404 and the card stays hidden.
 */
export function CaseFilesCard({ caseId, caseVersion }: { caseId: string; caseVersion: number }) {
  const { message } = App.useApp();
  const [data, setData] = useState<{ items: CaseFile[]; pending: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    get<{ items: CaseFile[]; pending: boolean }>(`/api/cases/${caseId}/case-files`)
      .then(setData)
      .catch(() => setData(null));
  }, [caseId]);
  useEffect(load, [load, caseVersion]);
  // while an assembly runs in the background, look again every two seconds
  useEffect(() => {
    if (!data?.pending) return;
    const t = setTimeout(load, 2000);
    return () => clearTimeout(t);
  }, [data, load]);

  if (!data) return null;
  const assemble = async () => {
    setBusy(true);
    try {
      await post(`/api/cases/${caseId}/case-files`);
      message.success("已开始组卷，完成后可在此下载");
      load();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title="电子卷宗"
      data-testid="case-files"
      extra={
        <Space>
          {data.pending && (
            <Tag icon={<SyncOutlined spin />} color="processing">
              正在组卷
            </Tag>
          )}
          <Button size="small" icon={<FolderAddOutlined />} loading={busy} disabled={data.pending} onClick={assemble}>
            立即组卷
          </Button>
        </Space>
      }
    >
      <List
        size="small"
        dataSource={data.items}
        locale={{ emptyText: "尚未形成电子卷宗：结案、归档时平台自动组卷" }}
        renderItem={(f) => (
          <List.Item
            actions={[
              <Button key="dl" type="link" size="small" icon={<DownloadOutlined />} href={`/api/cases/${caseId}/case-files/${f.id}`}>
                下载
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <span>{f.triggerLabel}</span>
                  <Typography.Text type="secondary">{when(f.assembledAt)}</Typography.Text>
                </Space>
              }
              description={
                <Typography.Text type="secondary" style={{ wordBreak: "break-all" }}>
                  {f.entries} 条记录 · {f.files} 个证据文件 · {sizeLabel(f.size)} · SHA-256 {f.sha256.slice(0, 16)}…
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
