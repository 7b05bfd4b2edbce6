import { useState } from "react";
import { Alert, Button, Card, DatePicker, Form, InputNumber, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { dayOfWeek } from "@zhifa/domain";
import { ApiError, get } from "../../api.ts";
import { WEEKDAY_NAMES, type BetweenOut, type ComputeOut } from "./types.ts";

const FORMAT = "YYYY-MM-DD";

function Confirmed({ confirmed }: { confirmed: boolean }) {
  return confirmed ? (
    <Tag color="green">已确认</Tag>
  ) : (
    <Tag color="orange" title="涉及尚未载入国务院通知的年度，按普通周末推算，通知载入后可能变化">
      未确认
    </Tag>
  );
}

/** 期限计算: start date + N working days (start not counted), and working days between two dates (R-CASE-07). */
export function DeadlineCalculator({ today }: { today: string }) {
  const [result, setResult] = useState<ComputeOut | null>(null);
  const [between, setBetween] = useState<BetweenOut | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "计算失败，请稍后再试");
    }
  };

  return (
    <Card title="期限计算（工作日）" size="small">
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Form
          layout="inline"
          initialValues={{ start: dayjs(today), days: 15 }}
          onFinish={(v: { start: Dayjs; days: number }) =>
            run(async () => setResult(await get<ComputeOut>(`/api/calendar/compute?start=${v.start.format(FORMAT)}&days=${v.days}`)))
          }
        >
          <Form.Item name="start" label="起算日" rules={[{ required: true, message: "请选择起算日" }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="days" label="工作日数" rules={[{ required: true, message: "请填写天数" }]}>
            <InputNumber min={0} max={2500} precision={0} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              计算截止日
            </Button>
          </Form.Item>
        </Form>
        {result && (
          <Typography.Text>
            {result.start} 起（当日不计入）第 {result.days} 个工作日：
            <Typography.Text strong style={{ fontSize: 16 }}>
              {" "}
              {result.date}（{WEEKDAY_NAMES[dayOfWeek(result.date)]}）
            </Typography.Text>{" "}
            <Confirmed confirmed={result.confirmed} />
          </Typography.Text>
        )}
        <Form
          layout="inline"
          onFinish={(v: { range: [Dayjs, Dayjs] }) =>
            run(async () => setBetween(await get<BetweenOut>(`/api/calendar/between?from=${v.range[0].format(FORMAT)}&to=${v.range[1].format(FORMAT)}`)))
          }
        >
          <Form.Item name="range" label="两日期之间" rules={[{ required: true, message: "请选择起止日期" }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit">计算工作日数</Button>
          </Form.Item>
        </Form>
        {between && (
          <Typography.Text>
            {between.from} 至 {between.to}（不含起始日）共 <Typography.Text strong>{between.days}</Typography.Text> 个工作日{" "}
            <Confirmed confirmed={between.confirmed} />
          </Typography.Text>
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Space>
    </Card>
  );
}
