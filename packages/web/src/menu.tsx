import type { MenuProps } from "antd";
import { ApartmentOutlined, AuditOutlined, BarChartOutlined, BookOutlined, CalendarOutlined, FileTextOutlined, HomeOutlined, NotificationOutlined, SafetyCertificateOutlined, TeamOutlined, UnorderedListOutlined, UserOutlined, VideoCameraOutlined } from "@ant-design/icons";
import type { ListMeta } from "./api.ts";

export interface MenuContext {
  can(resource: string, action: string): boolean;
  roles: string[];
  /** Every list from GET /api/lists: each becomes an entry under 清单管理. */
  lists: ListMeta[];
  /** Pages whose module may not be deployed yet. */
  pages: { calendar: boolean; powers: boolean };
}

/** The side menu: only entries the user's abilities allow (the server enforces the same). */
export function menuItems({ can, lists, pages }: MenuContext): NonNullable<MenuProps["items"]> {
  const items: NonNullable<MenuProps["items"]> = [{ key: "/", label: "首页", icon: <HomeOutlined /> }];
  if (can("case", "read")) items.push({ key: "/cases", label: "案件办理", icon: <FileTextOutlined /> });
  if (can("review", "queue")) items.push({ key: "/reviews", label: "法制审核", icon: <AuditOutlined /> });
  if (can("publicity", "queue")) items.push({ key: "/publicity", label: "信息公示", icon: <NotificationOutlined /> });
  if (can("statistics", "read")) items.push({ key: "/statistics", label: "统计年报", icon: <BarChartOutlined /> });
  if (can("access-request", "list")) items.push({ key: "/access-requests", label: "查阅申请", icon: <BookOutlined /> });
  if (pages.powers && can("power", "read")) items.push({ key: "/powers", label: "权力清单", icon: <SafetyCertificateOutlined /> });
  if (can("list", "read") && lists.length > 0)
    items.push({
      key: "lists",
      label: "清单管理",
      icon: <UnorderedListOutlined />,
      children: lists.map((l) => ({ key: `/lists/${l.kind}`, label: l.label })),
    });
  items.push({ key: "/agencies", label: "执法主体", icon: <ApartmentOutlined /> });
  if (can("user", "read") || can("user", "create")) items.push({ key: "/users", label: "用户管理", icon: <TeamOutlined /> });
  if (pages.calendar && can("calendar", "read")) items.push({ key: "/calendar", label: "工作日历", icon: <CalendarOutlined /> });
  if (can("evidence", "read") || can("evidence", "upload")) items.push({ key: "/evidence", label: "证据文件", icon: <VideoCameraOutlined /> });
  items.push({ key: "/ledger", label: "账本验证", icon: <SafetyCertificateOutlined /> });
  items.push({ key: "/account", label: "我的账号", icon: <UserOutlined /> });
  return items;
}
