import { useState, type ReactNode } from "react";
import { Alert, App, Button, Modal, Progress, Result, Space, Table, Typography, Upload } from "antd";
import { DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { base64ToBlob, download, errorMessage, importFile, saveBlob, type ImportFailure, type ImportProgressLine } from "../api.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PHASES: Record<string, string> = { upload: "上传", validate: "校验", write: "写入" };
const mb = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

interface Props {
  open: boolean;
  onClose(): void;
  /** Title, e.g. 执法人员清单. */
  label: string;
  /** GET: the empty template with the import headers. */
  templateUrl: string;
  /** POST multipart (field `file`), answering an NDJSON progress stream (R-DX-03). */
  importUrl: string;
  /** Text above the upload box (e.g. which agency the rows go to). */
  note?: string;
  /** Extra inputs above the upload box (e.g. the effective date of a power-list import). */
  options?: ReactNode;
  onImported(): void;
}

type State =
  | { step: "choose" }
  | { step: "running"; phase: string; done: number; total: number }
  | { step: "done"; created: number; updated: number; unchanged?: number }
  | { step: "failed"; error: ImportFailure };

/** Excel import: template, upload, progress, then counts or the row/column/message report. */
export function ImportDialog({ open, onClose, label, templateUrl, importUrl, note, options, onImported }: Props) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<State>({ step: "choose" });

  const close = () => {
    if (state.step === "running") return;
    setFile(null);
    setState({ step: "choose" });
    onClose();
  };

  const start = async () => {
    if (!file) return;
    setState({ step: "running", phase: "upload", done: 0, total: 0 });
    const result = await importFile(importUrl, file, (p: ImportProgressLine) => setState({ step: "running", phase: p.phase, done: p.done, total: p.total }));
    if (result.ok) {
      setState({ step: "done", created: result.created, updated: result.updated, unchanged: result.unchanged });
      onImported();
    } else setState({ step: "failed", error: result.error });
  };

  const report = state.step === "failed" ? state.error.details : undefined;
  const problems = report?.problems ?? [];

  return (
    <Modal open={open} onCancel={close} title={`导入：${label}`} footer={null} width={720} maskClosable={false} destroyOnHidden>
      {state.step === "choose" && (
        <Space orientation="vertical" style={{ width: "100%" }} size="middle">
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            请先下载导入模板，按模板填写后上传。文件中只要有一处错误，整个文件都不会导入，并给出错误报告。
          </Typography.Paragraph>
          {note && <Alert type="info" title={note} showIcon />}
          {options}
          <Button icon={<DownloadOutlined />} onClick={() => void download(templateUrl, `${label}-导入模板.xlsx`).catch((e: unknown) => message.error(errorMessage(e)))}>
            下载导入模板
          </Button>
          <Upload.Dragger
            accept=".xlsx"
            maxCount={1}
            fileList={file ? [{ uid: "1", name: file.name, status: "done" }] : []}
            beforeUpload={(f) => {
              if (!f.name.toLowerCase().endsWith(".xlsx")) {
                void message.error("请选择 .xlsx 格式的 Excel 文件");
                return Upload.LIST_IGNORE;
              }
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖拽 Excel 文件（.xlsx）到此处</p>
          </Upload.Dragger>
          <Space style={{ width: "100%", justifyContent: "flex-end" }}>
            <Button onClick={close}>取消</Button>
            <Button type="primary" disabled={!file} onClick={() => void start()}>
              开始导入
            </Button>
          </Space>
        </Space>
      )}

      {state.step === "running" && (
        <div style={{ padding: "24px 0" }} aria-live="polite">
          <Typography.Paragraph>
            正在{PHASES[state.phase] ?? state.phase}
            {state.total > 0 ? (state.phase === "upload" ? `：${mb(state.done)} / ${mb(state.total)}` : `：${state.done} / ${state.total} 行`) : "…"}
          </Typography.Paragraph>
          <Progress percent={state.total > 0 ? Math.round((state.done / state.total) * 100) : 0} status="active" />
        </div>
      )}

      {state.step === "done" && (
        <Result
          status="success"
          title="导入成功"
          subTitle={`新增 ${state.created} 条，更新 ${state.updated} 条${state.unchanged !== undefined ? `，未变 ${state.unchanged} 条` : ""}`}
          extra={
            <Button type="primary" onClick={close}>
              完成
            </Button>
          }
        />
      )}

      {state.step === "failed" && (
        <Space orientation="vertical" style={{ width: "100%" }} size="middle">
          <Alert type="error" showIcon title={state.error.message} />
          {problems.length > 0 && (
            <Table
              className="import-problems"
              size="small"
              rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
              dataSource={problems}
              pagination={problems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              scroll={{ x: "max-content" }}
              columns={[
                { title: "行号", dataIndex: "row", width: 70 },
                { title: "列", dataIndex: "column", width: 140 },
                { title: "问题", dataIndex: "message" },
              ]}
            />
          )}
          <Space wrap style={{ width: "100%", justifyContent: "flex-end" }}>
            {report?.report && (
              <Button icon={<DownloadOutlined />} onClick={() => saveBlob(base64ToBlob(report.report!, XLSX), report.reportName ?? "导入错误报告.xlsx")}>
                下载错误报告
              </Button>
            )}
            <Button onClick={() => setState({ step: "choose" })}>重新选择文件</Button>
            <Button onClick={close}>关闭</Button>
          </Space>
        </Space>
      )}
    </Modal>
  );
}
