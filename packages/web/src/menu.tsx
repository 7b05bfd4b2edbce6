import type { MenuProps } from "antd";

/** The side menu: only entries the user's abilities allow. */
export function menuItems(can: (resource: string, action: string) => boolean, _roles: string[]): MenuProps["items"] {
  const items: NonNullable<MenuProps["items"]> = [{ key: "/", label: "首页" }];
  items.push({ key: "/agencies", label: "执法主体" });
  if (can("user", "read") || can("user", "create")) items.push({ key: "/users", label: "用户管理" });
  return items;
}
