import { useState, type ReactNode } from "react";
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Typography } from "antd";
import { DownOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from "@ant-design/icons";
import { useLocation, useNavigate } from "react-router-dom";
import { ROLE_LABELS, type Role } from "@zhifa/domain";
import { useSession } from "../session.tsx";
import { menuItems, type MenuContext } from "../menu.tsx";

/** Page frame: side menu on a desk, a drawer on a phone (officers use phones on site). */
export function Shell({ children, pages }: { children: ReactNode; pages: MenuContext["pages"] }) {
  const { me, logout, can, lists } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  const items = menuItems({ can, roles: me?.user.roles ?? [], lists, pages });
  const selected = location.pathname;
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      defaultOpenKeys={selected.startsWith("/lists/") ? ["lists"] : []}
      items={items}
      style={{ borderInlineEnd: "none" }}
      onClick={(e) => {
        navigate(e.key);
        setOpen(false);
      }}
    />
  );
  const mobile = !screens.md;
  const roleText = (me?.user.roles ?? []).map((r) => ROLE_LABELS[r as Role] ?? r).join("、");
  return (
    <Layout style={{ minHeight: "100vh" }}>
      {!mobile && (
        <Layout.Sider width={232} theme="light" style={{ borderRight: "1px solid #f0f0f0" }}>
          <div style={{ padding: "16px 16px 8px", fontWeight: 600, fontSize: 15, color: "#1f4e9c" }}>行政执法三项制度平台</div>
          <nav aria-label="主菜单">{menu}</nav>
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{ background: "#fff", padding: mobile ? "0 8px" : "0 24px", display: "flex", alignItems: "center", gap: 8, borderBottom: "1px solid #f0f0f0", height: 56, lineHeight: "56px" }}
        >
          {mobile && <Button icon={<MenuOutlined />} aria-label="菜单" onClick={() => setOpen(true)} />}
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>
            {me?.agency.name}
          </Typography.Text>
          <Dropdown
            trigger={["click"]}
            menu={{
              items: [
                { key: "who", label: roleText || "—", disabled: true },
                { key: "/account", label: "我的账号", icon: <UserOutlined /> },
                { key: "logout", label: "退出登录", icon: <LogoutOutlined /> },
              ],
              onClick: (e) => (e.key === "logout" ? void logout().then(() => navigate("/login")) : navigate(e.key)),
            }}
          >
            <Button type="text" aria-label="用户菜单" style={{ maxWidth: mobile ? 120 : 240, overflow: "hidden" }}>
              <Typography.Text ellipsis style={{ maxWidth: mobile ? 80 : 200 }}>
                {me?.user.displayName}
              </Typography.Text>
              <DownOutlined />
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: mobile ? 8 : 24, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
      <Drawer open={open} onClose={() => setOpen(false)} placement="left" title="菜单" size={272} styles={{ body: { padding: 0 } }}>
        <nav aria-label="主菜单">{menu}</nav>
      </Drawer>
    </Layout>
  );
}
