import { useCallback, useEffect, useRef, useState } from "react";
import { Alert, Button, DatePicker, Drawer, Empty, Form, Input, Modal, Progress, Select, Space, Table, Tag, Typography, Upload, message } from "antd";
import { CloudUploadOutlined, PauseOutlined, CaretRightOutlined, PlayCircleOutlined, DownloadOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import * as tus from "tus-js-client";
import { sha256 } from "@noble/hashes/sha2.js";
import { ACCEPTED_MEDIA, detectMediaType, toHex } from "@zhifa/domain";
import { useSearchParams } from "react-router-dom";
import { csrfHeader, errorMessage, get, qs } from "../api.ts";
import { useSession } from "../session.tsx";

interface Evidence {
  id: string;
  caseRef: string;
  category: string;
  mime: string;
  filename: string;
  size: number;
  sha256: string;
  capturedAt: string;
  place: string;
  collector: string;
  proves: string;
  device: string;
  sensitivity: string;
  uploadedAt: string;
  late: boolean;
  ledgerIndex: number | null;
}

const CATEGORY: Record<string, string> = { photo: "照片", audio: "录音", video: "视频", document: "文书" };
const SENSITIVITY = [
  { value: "none", label: "一般" },
  { value: "privacy", label: "涉及个人隐私" },
  { value: "commercial", label: "涉及商业秘密" },
  { value: "secret", label: "涉密" },
];
const size = (n: number) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GB` : n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** SHA-256 of a file read in 4 MB slices (never whole in memory), with progress. */
async function hashFile(file: File, onProgress: (done: number) => void, cancelled: () => boolean): Promise<string> {
  const h = sha256.create();
  const step = 4 * 1024 * 1024;
  for (let at = 0; at < file.size; at += step) {
    if (cancelled()) throw new Error("cancelled");
    h.update(new Uint8Array(await file.slice(at, at + step).arrayBuffer()));
    onProgress(Math.min(file.size, at + step));
  }
  return toHex(h.digest());
}

type Phase = { kind: "idle" } | { kind: "hashing"; done: number } | { kind: "uploading"; done: number; paused: boolean } | { kind: "saving" };

interface FormValues {
  capturedAt: Dayjs;
  place: string;
  collector: string;
  proves: string;
  device?: string;
  sensitivity: string;
}

/**
 * 证据文件 (R-REC-01, R-REC-03, R-REC-04, R-REC-06): the evidence of a case (by 案号), with
 * upload from a phone's camera or files — resumable, with progress, pause and resume — and
 * playback. Each record shows whether its hash is in the ledger.
 */
export function EvidencePage() {
  const { me, can } = useSession();
  const [params] = useSearchParams();
  const [caseRef, setCaseRef] = useState(params.get("caseRef") ?? "");
  const [items, setItems] = useState<Evidence[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState<Evidence | null>(null);
  const upload = useRef<tus.Upload | null>(null);
  const cancelled = useRef(false);
  const [form] = Form.useForm<FormValues>();

  const load = useCallback(async (ref: string) => {
    if (!ref) return;
    setLoading(true);
    try {
      setItems((await get<{ items: Evidence[] }>(`/api/evidence${qs({ caseRef: ref })}`)).items);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => () => void upload.current?.abort(), []);
  // opened from a case page: that case's files at once
  useEffect(() => {
    const ref = params.get("caseRef");
    if (ref) void load(ref);
  }, [params, load]);

  const pick = async (f: File) => {
    setFile(f);
    setError(null);
    const head = new Uint8Array(await f.slice(0, 256).arrayBuffer());
    const type = detectMediaType(head);
    setFileProblem(type ? null : `无法识别的文件类型。可上传：${ACCEPTED_MEDIA}`);
    // a photo or video from the camera carries its time; the officer can correct it
    form.setFieldValue("capturedAt", dayjs(f.lastModified));
    return false;
  };

  const start = async () => {
    const values = await form.validateFields();
    if (!file || fileProblem) return;
    setError(null);
    cancelled.current = false;
    try {
      setPhase({ kind: "hashing", done: 0 });
      const digest = await hashFile(file, (done) => setPhase({ kind: "hashing", done }), () => cancelled.current);
      setPhase({ kind: "uploading", done: 0, paused: false });
      const evidenceId = await new Promise<string>((resolve, reject) => {
        const up = new tus.Upload(file, {
          endpoint: "/api/evidence/uploads",
          chunkSize: 8 * 1024 * 1024,
          retryDelays: [0, 1000, 3000, 5000, 10000],
          headers: csrfHeader(),
          storeFingerprintForResuming: true,
          removeFingerprintOnSuccess: true,
          metadata: {
            filename: file.name,
            sha256: digest,
            caseRef,
            capturedAt: values.capturedAt.toISOString(),
            place: values.place,
            collector: values.collector,
            proves: values.proves,
            device: values.device ?? "",
            sensitivity: values.sensitivity,
          },
          onProgress: (done, total) => setPhase(done === total ? { kind: "saving" } : { kind: "uploading", done, paused: false }),
          onSuccess: (p) => resolve(p.lastResponse.getHeader("X-Evidence-Id") ?? ""),
          onError: reject,
        });
        upload.current = up;
        // continue an upload of the same file interrupted earlier (lost signal, closed page)
        void up.findPreviousUploads().then((previous) => {
          if (previous.length) up.resumeFromPreviousUpload(previous[0]!);
          up.start();
        });
      });
      message.success("已上传，文件校验值已记入账本");
      setDrawer(false);
      setFile(null);
      setPhase({ kind: "idle" });
      await load(caseRef);
      return evidenceId;
    } catch (e) {
      setPhase({ kind: "idle" });
      if ((e as Error).message === "cancelled") return;
      const body = (e as tus.DetailedError).originalResponse?.getBody();
      let text = "上传失败：网络中断，请稍后点击“开始上传”继续（已传部分不必重传）";
      try {
        if (body) text = (JSON.parse(body) as { error: { message: string } }).error.message;
      } catch {
        /* not our JSON */
      }
      setError(text);
    }
  };

  const pause = () => {
    void upload.current?.abort();
    setPhase((p) => (p.kind === "uploading" ? { ...p, paused: true } : p));
  };
  const resume = () => {
    upload.current?.start();
    setPhase((p) => (p.kind === "uploading" ? { ...p, paused: false } : p));
  };

  const busy = phase.kind !== "idle";
  const percent = !file ? 0 : phase.kind === "hashing" ? Math.floor((phase.done / file.size) * 100) : phase.kind === "uploading" ? Math.floor((phase.done / file.size) * 100) : 100;
  const content = (e: Evidence, download = false) => `/api/evidence/${e.id}/content${download ? "?download=true" : ""}`;

  return (
    <div>
      <Typography.Title level={4}>证据文件</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search aria-label="案号" placeholder="输入案号，如 示市监罚〔2026〕12号" enterButton="查询" style={{ maxWidth: 420 }} value={caseRef} onChange={(e) => setCaseRef(e.target.value)} onSearch={(v) => void load(v.trim())} />
        <Button
          type="primary"
          icon={<CloudUploadOutlined />}
          disabled={!caseRef.trim()}
          onClick={() => {
            form.setFieldsValue({ collector: me?.user.displayName ?? "", sensitivity: "none", capturedAt: dayjs() });
            setDrawer(true);
          }}
        >
          上传证据
        </Button>
        {can("casefile", "export") && (
          <Button icon={<DownloadOutlined />} disabled={!items?.length} href={`/api/case-files/export${qs({ caseRef })}`}>
            导出电子卷宗
          </Button>
        )}
      </Space>
      {items === null ? (
        <Empty description="输入案号查看该案的证据文件" />
      ) : (
        <Table<Evidence>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: "该案还没有证据文件" }}
          columns={[
            { title: "类型", dataIndex: "category", render: (c: string) => CATEGORY[c] ?? c },
            { title: "文件", dataIndex: "filename", render: (_v, e) => <span>{e.filename}<br /><Typography.Text type="secondary">{size(e.size)}</Typography.Text></span> },
            { title: "采集时间", dataIndex: "capturedAt", render: (v: string, e) => <span>{dayjs(v).format("YYYY-MM-DD HH:mm")}{e.late && <Tag color="orange" style={{ marginLeft: 4 }}>超 24 小时上传</Tag>}</span> },
            { title: "地点", dataIndex: "place" },
            { title: "采集人", dataIndex: "collector" },
            { title: "证明对象", dataIndex: "proves" },
            { title: "账本", dataIndex: "ledgerIndex", render: (i: number | null, e) => (i === null ? <Tag>入账中</Tag> : <Tag color="green" title={`SHA-256 ${e.sha256}`}>已入账 #{i}</Tag>) },
            {
              title: "操作",
              key: "actions",
              render: (_v, e) => (
                <Space>
                  <Button size="small" icon={<PlayCircleOutlined />} onClick={() => setPlaying(e)}>查看</Button>
                  <Button size="small" icon={<DownloadOutlined />} href={content(e, true)}>下载</Button>
                </Space>
              ),
            },
          ]}
        />
      )}

      <Drawer title={`上传证据 · ${caseRef}`} open={drawer} onClose={() => !busy && setDrawer(false)} size={520} destroyOnHidden maskClosable={!busy}>
        <Form form={form} layout="vertical" requiredMark>
          <Form.Item label="文件" required>
            <Upload accept="image/*,video/*,audio/*,application/pdf" maxCount={1} beforeUpload={(f) => {
                void pick(f);
                return false;
              }} showUploadList={false} disabled={busy}>
              <Button icon={<CloudUploadOutlined />} disabled={busy}>选择文件或拍摄</Button>
            </Upload>
            {file && (
              <div style={{ marginTop: 8 }}>
                {file.name}（{size(file.size)}）
              </div>
            )}
            {fileProblem && <Alert type="error" showIcon title={fileProblem} style={{ marginTop: 8 }} />}
          </Form.Item>
          <Form.Item name="capturedAt" label="采集时间" rules={[{ required: true, message: "请选择采集时间" }]}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} disabled={busy} />
          </Form.Item>
          <Form.Item name="place" label="采集地点" rules={[{ required: true, message: "请填写采集地点" }]}>
            <Input maxLength={200} disabled={busy} />
          </Form.Item>
          <Form.Item name="collector" label="采集人" rules={[{ required: true, message: "请填写采集人" }]}>
            <Input maxLength={100} disabled={busy} />
          </Form.Item>
          <Form.Item name="proves" label="证明对象" rules={[{ required: true, message: "请填写证明对象" }]}>
            <Input.TextArea maxLength={500} rows={2} disabled={busy} />
          </Form.Item>
          <Form.Item name="device" label="采集设备">
            <Input maxLength={100} placeholder="如 执法记录仪 DSJ-01" disabled={busy} />
          </Form.Item>
          <Form.Item name="sensitivity" label="密级">
            <Select options={SENSITIVITY} disabled={busy} />
          </Form.Item>
          {phase.kind !== "idle" && (
            <div style={{ marginBottom: 16 }}>
              <Typography.Text>
                {phase.kind === "hashing" ? "正在计算文件校验值…" : phase.kind === "saving" ? "正在核对校验值并记入账本…" : phase.paused ? "已暂停" : "正在上传…"}
              </Typography.Text>
              <Progress percent={percent} status={phase.kind === "uploading" && phase.paused ? "normal" : "active"} />
              {phase.kind === "uploading" && file && <Typography.Text type="secondary">{size(phase.done)} / {size(file.size)}</Typography.Text>}
            </div>
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Space>
            {phase.kind === "uploading" ? (
              phase.paused ? (
                <Button type="primary" icon={<CaretRightOutlined />} onClick={resume}>继续</Button>
              ) : (
                <Button icon={<PauseOutlined />} onClick={pause}>暂停</Button>
              )
            ) : (
              <Button type="primary" onClick={() => void start()} loading={busy} disabled={!file || !!fileProblem}>
                开始上传
              </Button>
            )}
          </Space>
        </Form>
      </Drawer>

      <Modal open={!!playing} title={playing?.filename} footer={null} onCancel={() => setPlaying(null)} width={720} destroyOnHidden>
        {playing && (
          <div>
            {playing.category === "video" && <video src={content(playing)} controls style={{ width: "100%" }} />}
            {playing.category === "audio" && <audio src={content(playing)} controls style={{ width: "100%" }} />}
            {playing.category === "photo" && <img src={content(playing)} alt={playing.proves} style={{ maxWidth: "100%" }} />}
            {playing.category === "document" && <iframe title={playing.filename} src={content(playing)} style={{ width: "100%", height: 480, border: 0 }} />}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              证明对象：{playing.proves}。每次查看和下载都记入账本。SHA-256：<Typography.Text code>{playing.sha256}</Typography.Text>
            </Typography.Paragraph>
          </div>
        )}
      </Modal>
    </div>
  );
}
