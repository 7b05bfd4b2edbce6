import { useState, type ReactNode } from "react";
import { Button, Drawer, Grid, Layout, Menu, Space, Typography } from "antd";
import { MenuOutlined } from "@ant-design/icons";
import { useLocation, useNavigate } from "react-router-dom";
import { useSession } from "../session.tsx";
import { menuItems } from "../menu.tsx";

/** Page frame: side menu on a desk, a drawer on a phone (officers use phones on site). */
export function Shell({ children }: { children: ReactNode }) {
  const { me, logout, can } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  const items = menuItems(can, me?.user.roles ?? []);
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[location.pathname]}
      items={items}
      onClick={(e) => {
        navigate(e.key);
        setOpen(false);
      }}
    />
  );
  const mobile = !screens.md;
  return (
    <Layout style={{ minHeight: "100vh" }}>
      {!mobile && (
        <Layout.Sider width={220} theme="light" style={{ borderRight: "1px solid #f0f0f0" }}>
          <div style={{ padding: 16, fontWeight: 600 }}>行政执法三项制度平台</div>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header style={{ background: "#fff", padding: "0 16px", display: "flex", alignItems: "center", justifyContent: "space-between", borderBottom: "1px solid #f0f0f0" }}>
          <Space>
            {mobile && <Button icon={<MenuOutlined />} aria-label="菜单" onClick={() => setOpen(true)} />}
            <Typography.Text strong>{me?.agency.name}</Typography.Text>
          </Space>
          <Space>
            <Typography.Text>{me?.user.displayName}</Typography.Text>
            <Button size="small" onClick={() => navigate("/account")}>
              账号
            </Button>
            <Button size="small" onClick={() => void logout()}>
              退出
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: mobile ? 8 : 24 }}>{children}</Layout.Content>
      </Layout>
      <Drawer open={open} onClose={() => setOpen(false)} placement="left" title="菜单" size={260}>
        {menu}
      </Drawer>
    </Layout>
  );
}
