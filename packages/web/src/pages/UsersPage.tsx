import { useEffect, useState } from "react";
import { App, Button, Card, Form, Input, Modal, Select, Space, Switch, Tag, Typography } from "antd";
import { HistoryOutlined, PlusOutlined } from "@ant-design/icons";
import { ROLES, ROLE_LABELS, type Role } from "@zhifa/domain";
import { errorMessage, get, patch, post, qs, type FieldMeta, type Page, type Unit, type User } from "../api.ts";
import { useSession } from "../session.tsx";
import { AgencyPicker } from "../components/agencies.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { HistoryDrawer } from "../components/HistoryDrawer.tsx";
import { showSaveError } from "../components/errors.ts";

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const PASSWORD_RULES = [
  { required: true, message: "请输入密码" },
  { min: 10, message: "密码长度至少 10 位" },
  { pattern: /^(?=.*[A-Za-z])(?=.*\d)/, message: "密码须同时包含字母和数字" },
];
const USER_FIELDS: FieldMeta[] = [
  { key: "username", label: "用户名", type: "text", required: true, column: true, search: true, filter: false },
  { key: "displayName", label: "姓名", type: "text", required: true, column: true, search: true, filter: false },
  { key: "roles", label: "角色", type: "enumArray", required: true, options: ROLE_OPTIONS, column: true, search: false, filter: false },
  { key: "unitId", label: "内设机构", type: "text", required: false, column: false, search: false, filter: false },
  { key: "active", label: "启用", type: "bool", required: false, column: true, search: false, filter: false },
  { key: "mustChangePassword", label: "须修改密码", type: "bool", required: false, column: false, search: false, filter: false },
  { key: "passwordChangedAt", label: "密码设置时间", type: "text", required: false, column: false, search: false, filter: false },
];
const LABELS = { agencyId: "执法主体", unitId: "内设机构", username: "用户名", displayName: "姓名", roles: "角色", password: "初始密码", active: "启用" };

/** Units of an agency for the unit selector. */
function useUnits(agencyId: string | undefined) {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    if (!agencyId) return;
    let live = true;
    get<{ units: Unit[] }>(`/api/agencies/${agencyId}`)
      .then((a) => live && setUnits(a.units))
      .catch(() => live && setUnits([]));
    return () => {
      live = false;
    };
  }, [agencyId]);
  return agencyId ? units : [];
}

/** /users: accounts in the administrator's subtree (R-GEN-03). */
export function UsersPage() {
  const { me, can } = useSession();
  const { message, modal } = App.useApp();
  const [agencyId, setAgencyId] = useState<string | undefined>();
  const [q, setQ] = useState("");
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [data, setData] = useState<Page<User>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<{ user: User | null } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [history, setHistory] = useState<User | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    get<Page<User>>(`/api/users${qs({ page: page.current, pageSize: page.pageSize, agencyId, q })}`)
      .then((r) => live && setData(r))
      .catch((e: unknown) => live && void message.error(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [agencyId, q, page, tick, message]);

  const reload = () => setTick((t) => t + 1);
  const subtreeOfMe = (a: { path: string }) => !!me && a.path.startsWith(me.agency.path);

  return (
    <Card title="用户管理">
      <Space wrap style={{ marginBottom: 16 }}>
        <AgencyPicker value={agencyId} onChange={setAgencyId} scope={subtreeOfMe} allowClear placeholder="全部执法主体" style={{ width: 260, maxWidth: "100%" }} />
        <Input.Search allowClear placeholder="用户名或姓名" enterButton="搜索" onSearch={(v) => (setQ(v.trim()), setPage((p) => ({ ...p, current: 1 })))} style={{ width: 240, maxWidth: "100%" }} />
        {can("user", "create") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })}>
            新增用户
          </Button>
        )}
      </Space>
      <DataTable
        rows={data.items}
        rowKey={(u) => u.id}
        loading={loading}
        page={{ ...page, total: data.total, onChange: (current, pageSize) => setPage({ current, pageSize }) }}
        columns={[
          { key: "displayName", title: "姓名", render: (u) => u.displayName },
          { key: "username", title: "用户名", render: (u) => u.username },
          { key: "agency", title: "执法主体", render: (u) => u.agencyName },
          {
            key: "roles",
            title: "角色",
            render: (u) => (
              <span style={{ display: "inline-flex", flexWrap: "wrap", gap: 4 }}>
                {u.roles.map((r) => (
                  <Tag key={r} style={{ marginInlineEnd: 0 }}>
                    {ROLE_LABELS[r as Role] ?? r}
                  </Tag>
                ))}
              </span>
            ),
          },
          { key: "active", title: "状态", render: (u) => (u.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>), nowrap: true },
        ]}
        actions={(u) => (
          <Space size={0} wrap>
            {u.can.update && (
              <Button type="link" size="small" onClick={() => setEditing({ user: u })}>
                编辑
              </Button>
            )}
            {u.can.resetPassword && (
              <Button type="link" size="small" onClick={() => setResetting(u)}>
                重置密码
              </Button>
            )}
            {(u.can.update || u.can.read) && (
              <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(u)}>
                历史
              </Button>
            )}
          </Space>
        )}
      />
      {editing && (
        <UserForm
          user={editing.user}
          defaultAgency={agencyId ?? me?.agency.id}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      {resetting && (
        <ResetPassword
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            setResetting(null);
            modal.info({ title: "密码已重置", content: `${resetting.displayName} 下次登录时须修改密码。` });
            reload();
          }}
        />
      )}
      <HistoryDrawer open={!!history} onClose={() => setHistory(null)} table="users" rowId={history?.id ?? null} title={history?.displayName ?? ""} fields={USER_FIELDS} />
    </Card>
  );
}

function UserForm({ user, defaultAgency, onClose, onSaved }: { user: User | null; defaultAgency?: string; onClose(): void; onSaved(): void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const agencyId = Form.useWatch("agencyId", form) as string | undefined;
  const units = useUnits(user ? user.agencyId : agencyId);
  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = (await form.validateFields()) as Record<string, unknown>;
    } catch {
      return;
    }
    setBusy(true);
    try {
      if (user) await patch(`/api/users/${user.id}`, { version: user.version, displayName: v.displayName, unitId: v.unitId ?? null, roles: v.roles, active: v.active });
      else await post("/api/users", { agencyId: v.agencyId, unitId: v.unitId ?? null, username: v.username, displayName: v.displayName, roles: v.roles, password: v.password });
      void message.success(user ? "已保存" : "已新增用户，首次登录时须修改密码");
      onSaved();
    } catch (e) {
      showSaveError(form, e, message, LABELS);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={user ? `编辑用户：${user.displayName}` : "新增用户"} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText="保存" cancelText="取消" destroyOnHidden>
      <Form form={form} name="user" layout="vertical" initialValues={user ? { ...user } : { agencyId: defaultAgency, roles: ["officer"] }}>
        {!user && (
          <Form.Item name="agencyId" label="执法主体" rules={[{ required: true, message: "请选择执法主体" }]}>
            <AgencyPicker scope={(a) => !!me && a.path.startsWith(me.agency.path)} style={{ width: "100%" }} onChange={() => form.setFieldValue("unitId", undefined)} />
          </Form.Item>
        )}
        <Form.Item name="unitId" label="内设机构">
          <Select allowClear placeholder="不指定" options={units.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        {!user && (
          <Form.Item
            name="username"
            label="用户名"
            rules={[
              { required: true, message: "请填写用户名" },
              { pattern: /^[A-Za-z0-9_.-]{3,40}$/, message: "3–40 位字母、数字、点、下划线或连字符" },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: "请填写姓名" }, { max: 40, message: "姓名不能超过 40 个字" }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label="角色" rules={[{ required: true, type: "array", min: 1, message: "请至少选择一个角色" }]}>
          <Select mode="multiple" options={ROLE_OPTIONS} placeholder="选择角色" />
        </Form.Item>
        {user ? (
          <Form.Item name="active" label="启用" valuePropName="checked">
            <Switch checkedChildren="启用" unCheckedChildren="停用" />
          </Form.Item>
        ) : (
          <Form.Item name="password" label="初始密码" rules={PASSWORD_RULES} extra="至少 10 位，须同时包含字母和数字；用户首次登录时须修改">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ResetPassword({ user, onClose, onDone }: { user: User; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    let v: { password: string };
    try {
      v = (await form.validateFields()) as { password: string };
    } catch {
      return;
    }
    setBusy(true);
    try {
      await post(`/api/users/${user.id}/reset-password`, { password: v.password });
      onDone();
    } catch (e) {
      showSaveError(form, e, message, { password: "新密码" });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`重置密码：${user.displayName}（${user.username}）`} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText="重置" cancelText="取消" destroyOnHidden>
      <Typography.Paragraph type="secondary">重置后该用户的所有登录会话失效，下次登录时须修改密码。</Typography.Paragraph>
      <Form form={form} name="reset" layout="vertical">
        <Form.Item name="password" label="新密码" rules={PASSWORD_RULES}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
