import { useEffect, useState } from "react";
import { Alert, Button, Card, Descriptions, Input, Space, Tag, Typography, Upload } from "antd";
import { CheckCircleOutlined, CloseCircleOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { Link } from "react-router-dom";
import type { Checkpoint } from "@zhifa/domain";
import { api, ApiError } from "../api.ts";
import { checkCheckpoint, checkConsistency, hex, NoteError, ProofError, verifyCaseFile, verifiersFrom, ZipError, type CheckpointCheck } from "../ledger.ts";

interface Keys {
  origin: string;
  keys: { algorithm: string; vkey: string }[];
}

type Verdict = { ok: true; lines: string[] } | { ok: false; lines: string[] };

const ALGORITHM_TEXT: Record<string, string> = { Ed25519: "Ed25519 签名", "SM2-SM3": "SM2 签名（SM3 杂凑）" };

function describeError(e: unknown): string {
  if (e instanceof NoteError || e instanceof ProofError || e instanceof ZipError) return e.message;
  if (e instanceof ApiError) return e.body.message;
  return "网络错误，请稍后再试";
}

/**
 * 执法记录账本 · 公开验证 (R-REC-02, R-REC-10): anyone, without logging in, sees the latest
 * checkpoint verified in their own browser, and can paste a checkpoint they kept earlier to
 * check that the log has only grown since (nothing deleted or altered).
 */
export function LedgerPage({ standalone = false }: { standalone?: boolean }) {
  const [keys, setKeys] = useState<Keys | null>(null);
  const [current, setCurrent] = useState<{ note: string; check: CheckpointCheck | null; error: string | null } | null>(null);
  const [pasted, setPasted] = useState("");
  const [trusted, setTrusted] = useState("");
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [bundleVerdict, setBundleVerdict] = useState<Verdict | null>(null);
  const [bundleBusy, setBundleBusy] = useState<string | null>(null);

  const verifyBundleFile = async (file: File) => {
    setBundleVerdict(null);
    setBundleBusy("正在读取卷宗…");
    try {
      const vkeys = trusted.split("\n").map((l) => l.trim()).filter(Boolean);
      const v = await verifyCaseFile(file, vkeys, (text) => setBundleBusy(text));
      setBundleVerdict(v.ok ? { ok: true, lines: [`${v.entries} 条记录、${v.files} 个证据文件全部核对无误`, `检查点：账本 ${v.checkpoint!.origin}，大小 ${v.checkpoint!.size}，${v.signedBy.map((a) => ALGORITHM_TEXT[a] ?? a).join("、")}有效`, "本案记录链从第 1 条起连续，没有缺失或改动"] } : { ok: false, lines: [`${v.problem!.item}：${v.problem!.zh}`] });
    } catch (e) {
      setBundleVerdict({ ok: false, lines: [`无法读取卷宗：${describeError(e)}`] });
    } finally {
      setBundleBusy(null);
    }
  };

  useEffect(() => {
    (async () => {
      try {
        const k = await api<Keys>("GET", "/api/ledger/keys");
        setKeys(k);
        setTrusted(k.keys.map((x) => x.vkey).join("\n"));
        const res = await fetch("/api/ledger/checkpoint", { cache: "no-cache" });
        const note = await res.text();
        if (!res.ok) throw new ApiError(res.status, { id: "ledger_no_checkpoint", message: "账本尚未签发检查点" });
        try {
          setCurrent({ note, check: checkCheckpoint(note, verifiersFrom(k.keys.map((x) => x.vkey))), error: null });
        } catch (e) {
          setCurrent({ note, check: null, error: describeError(e) });
        }
      } catch (e) {
        setLoadError(describeError(e));
      }
    })();
  }, []);

  const verify = async () => {
    setBusy(true);
    setVerdict(null);
    const lines: string[] = [];
    try {
      const vkeys = trusted.split("\n").map((l) => l.trim()).filter(Boolean);
      if (vkeys.length === 0) throw new NoteError("bad_key", "请填写用于验证的公钥");
      const mine = checkCheckpoint(pasted.trim() + "\n", verifiersFrom(vkeys));
      lines.push(`签名有效：${mine.verifiedBy.map((a) => ALGORITHM_TEXT[a] ?? a).join("、")}`);
      lines.push(`账本 ${mine.checkpoint.origin}，大小 ${mine.checkpoint.size}，根哈希 ${hex(mine.checkpoint.root)}`);
      if (keys && mine.checkpoint.origin !== keys.origin) {
        setVerdict({ ok: false, lines: [...lines, `这份检查点属于另一个账本（${mine.checkpoint.origin}），不能与本账本比对`] });
        return;
      }
      const now = current?.check?.checkpoint;
      if (!now) throw new NoteError("unverified", "当前检查点未能验证，无法比对");
      const [earlier, later]: [Checkpoint, Checkpoint] = mine.checkpoint.size <= now.size ? [mine.checkpoint, now] : [now, mine.checkpoint];
      if (earlier.size === 0) {
        lines.push("空账本的检查点与任何后来的检查点都一致");
      } else {
        const proof = earlier.size === later.size ? { proof: [] as string[] } : await api<{ proof: string[] }>("GET", `/api/ledger/proof/consistency?from=${earlier.size}&to=${later.size}`);
        checkConsistency(earlier, later, proof.proof);
        lines.push(
          mine.checkpoint.size <= now.size
            ? `与当前账本（大小 ${now.size}）一致：此后只追加了 ${now.size - mine.checkpoint.size} 条记录，之前的记录没有被删除或改动`
            : `比当前检查点更新，且与之一致`,
        );
      }
      setVerdict({ ok: true, lines });
    } catch (e) {
      setVerdict({ ok: false, lines: [...lines, `验证未通过：${describeError(e)}`] });
    } finally {
      setBusy(false);
    }
  };

  const check = current?.check;
  const body = (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        每一条执法记录和每一次状态变更都写入只能追加的账本。账本定期签发检查点（Ed25519 与 SM2 双签名）；公开的只有记录的加盐承诺值，不含任何案件内容。本页在您的浏览器中独立验证签名和证明。
      </Typography.Paragraph>
      {loadError && <Alert type="error" showIcon title={loadError} />}
      <Card title="当前检查点" size="small">
        {current && (
          <>
            {check ? (
              <Alert
                type="success"
                showIcon
                icon={<CheckCircleOutlined />}
                title={`签名验证通过：${check.verifiedBy.map((a) => ALGORITHM_TEXT[a] ?? a).join("、")}`}
                style={{ marginBottom: 12 }}
              />
            ) : (
              <Alert type="error" showIcon icon={<CloseCircleOutlined />} title={`签名验证未通过：${current.error}`} style={{ marginBottom: 12 }} />
            )}
            {check && (
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label="账本">{check.checkpoint.origin}</Descriptions.Item>
                <Descriptions.Item label="记录数（树大小）">{check.checkpoint.size}</Descriptions.Item>
                <Descriptions.Item label="根哈希">
                  <Typography.Text code copyable style={{ wordBreak: "break-all" }}>
                    {hex(check.checkpoint.root)}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            )}
            <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>签名文本（可保存，日后用来核对账本没有被改动）：</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: current.note }} style={{ marginBottom: 0 }}>
              <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12, margin: 0 }} data-testid="current-checkpoint">
                {current.note}
              </pre>
            </Typography.Paragraph>
          </>
        )}
      </Card>
      <Card title="核对一份检查点" size="small">
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Typography.Text>粘贴您之前保存的检查点签名文本：</Typography.Text>
          <Input.TextArea aria-label="检查点" rows={6} value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder={"zhifa.localhost/ledger\n42\n…\n\n— zhifa.localhost/ledger …"} />
          <Typography.Text>用于验证的公钥（每行一个，默认为本平台公布的公钥；也可换成您从其他渠道取得的公钥）：</Typography.Text>
          <Input.TextArea aria-label="公钥" rows={3} value={trusted} onChange={(e) => setTrusted(e.target.value)} style={{ fontFamily: "monospace", fontSize: 12 }} />
          <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={verify} loading={busy} disabled={!pasted.trim()}>
            验证
          </Button>
          {verdict && (
            <Alert
              type={verdict.ok ? "success" : "error"}
              showIcon
              title={verdict.ok ? "验证通过" : "验证未通过"}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {verdict.lines.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              }
            />
          )}
        </Space>
      </Card>
      <Card title="验证电子卷宗" size="small">
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Typography.Text>选择从平台导出的电子卷宗（.zip）。卷宗在您的浏览器中逐一核对：检查点签名、每条记录的包含证明、记录链的连续性、每个证据文件的校验值；文件不会上传。</Typography.Text>
          <Upload accept=".zip,application/zip" maxCount={1} showUploadList={false} beforeUpload={(f) => {
            void verifyBundleFile(f);
            return false;
          }}>
            <Button icon={<SafetyCertificateOutlined />} loading={!!bundleBusy}>选择卷宗文件</Button>
          </Upload>
          {bundleBusy && <Typography.Text type="secondary">{bundleBusy}</Typography.Text>}
          {bundleVerdict && (
            <Alert
              type={bundleVerdict.ok ? "success" : "error"}
              showIcon
              title={bundleVerdict.ok ? "卷宗验证通过" : "卷宗验证未通过"}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {bundleVerdict.lines.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              }
            />
          )}
        </Space>
      </Card>
      {keys && (
        <Card title="账本公钥" size="small">
          {keys.keys.map((k) => (
            <div key={k.vkey} style={{ marginBottom: 8 }}>
              <Tag>{ALGORITHM_TEXT[k.algorithm] ?? k.algorithm}</Tag>
              <Typography.Text code copyable style={{ wordBreak: "break-all", fontSize: 12 }}>
                {k.vkey}
              </Typography.Text>
            </div>
          ))}
        </Card>
      )}
    </Space>
  );
  if (!standalone)
    return (
      <div>
        <Typography.Title level={4}>账本验证</Typography.Title>
        {body}
      </div>
    );
  return (
    <div style={{ minHeight: "100vh", background: "#eef2f8", padding: 16 }}>
      <div style={{ maxWidth: 860, margin: "0 auto" }}>
        <Typography.Title level={3}>执法记录账本 · 公开验证</Typography.Title>
        {body}
        <Typography.Paragraph style={{ marginTop: 16 }}>
          <Link to="/login">登录平台</Link>
        </Typography.Paragraph>
      </div>
    </div>
  );
}
