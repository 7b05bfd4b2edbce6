import { Card, Descriptions, Tag } from "antd";
import { useSession } from "../session.tsx";
import { ROLE_LABELS, type Role } from "@zhifa/domain";

export function HomePage() {
  const { me } = useSession();
  if (!me) return null;
  return (
    <Card title={`欢迎，${me.user.displayName}`}>
      <Descriptions column={1}>
        <Descriptions.Item label="所属主体">{me.agency.name}</Descriptions.Item>
        <Descriptions.Item label="角色">
          {me.user.roles.map((r) => (
            <Tag key={r}>{ROLE_LABELS[r as Role] ?? r}</Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
