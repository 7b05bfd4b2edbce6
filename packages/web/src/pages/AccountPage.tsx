import { useState } from "react";
import { Alert, App, Button, Card, Descriptions, Form, Input, Tag, Typography } from "antd";
import { ROLE_LABELS, type Role } from "@zhifa/domain";
import { ApiError, post } from "../api.ts";
import { useSession } from "../session.tsx";
import { showSaveError } from "../components/errors.ts";

/** Same rule as the server (modules/auth/passwords.ts): ≥10 characters, letters and digits. */
const PASSWORD_RULES = [
  { required: true, message: "请输入新密码" },
  { min: 10, message: "密码长度至少 10 位" },
  { pattern: /^(?=.*[A-Za-z])(?=.*\d)/, message: "密码须同时包含字母和数字" },
];

function ChangePasswordForm({ onDone }: { onDone(): void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { oldPassword: string; newPassword: string }) => {
    setBusy(true);
    try {
      await post("/api/auth/password", { oldPassword: v.oldPassword, newPassword: v.newPassword });
      void message.success("密码已修改");
      form.resetFields();
      onDone();
    } catch (e) {
      // the server's wrong_password / weak_password answers belong to the fields
      const id = e instanceof ApiError ? e.body.id : "";
      if (e instanceof ApiError && id === "wrong_password") form.setFields([{ name: "oldPassword", errors: [e.body.message] }]);
      else if (e instanceof ApiError && id === "weak_password") form.setFields([{ name: "newPassword", errors: [e.body.message] }]);
      else showSaveError(form, e, message, { oldPassword: "原密码", newPassword: "新密码" });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} name="password" layout="vertical" onFinish={submit} style={{ maxWidth: 420 }}>
      <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: "请输入原密码" }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label="新密码" rules={PASSWORD_RULES} extra="至少 10 位，须同时包含字母和数字">
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="确认新密码"
        dependencies={["newPassword"]}
        rules={[
          { required: true, message: "请再次输入新密码" },
          ({ getFieldValue }) => ({
            validator: async (_r, v: string) => {
              if (v && v !== getFieldValue("newPassword")) throw new Error("两次输入的新密码不一致");
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        修改密码
      </Button>
    </Form>
  );
}

/** /account: who I am, and change my password. */
export function AccountPage() {
  const { me, refresh } = useSession();
  if (!me) return null;
  return (
    <div style={{ display: "grid", gap: 16, maxWidth: 720 }}>
      <Card title="我的账号">
        <Descriptions column={1} size="small">
          <Descriptions.Item label="用户名">{me.user.username}</Descriptions.Item>
          <Descriptions.Item label="姓名">{me.user.displayName}</Descriptions.Item>
          <Descriptions.Item label="所属主体">{me.agency.name}</Descriptions.Item>
          <Descriptions.Item label="角色">
            {me.user.roles.map((r) => (
              <Tag key={r}>{ROLE_LABELS[r as Role] ?? r}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="修改密码">
        <ChangePasswordForm onDone={() => void refresh()} />
      </Card>
    </div>
  );
}

/** Shown instead of the app while the account still has the password an administrator set. */
export function ForcedPasswordChange() {
  const { me, refresh, logout } = useSession();
  return (
    <div style={{ minHeight: "100vh", display: "flex", alignItems: "center", justifyContent: "center", background: "#eef2f8", padding: 16 }}>
      <Card style={{ width: "100%", maxWidth: 460 }} title="请设置新密码">
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`${me?.user.displayName ?? ""}，您的密码由管理员设置，请先修改密码后再使用系统。`} />
        <ChangePasswordForm onDone={() => void refresh()} />
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          <Button type="link" style={{ padding: 0 }} onClick={() => void logout()}>
            退出登录
          </Button>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
