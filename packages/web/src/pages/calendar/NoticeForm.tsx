import { useState } from "react";
import { Alert, App, Button, Card, DatePicker, Divider, Form, Input, Popconfirm, Space, Table, Typography, Upload } from "antd";
import { DeleteOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { dayOfWeek } from "@zhifa/domain";
import { ApiError, api } from "../../api.ts";
import { WEEKDAY_NAMES, groupDays, type CalendarView } from "./types.ts";

const FORMAT = "YYYY-MM-DD";
const FESTIVALS = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"];

interface FormValues {
  noticeNo: string;
  note?: string;
  holidays: { name: string; range?: [Dayjs, Dayjs] }[];
  workdays: { name: string; date?: Dayjs }[];
}

interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

/** Server field paths (holidays.0.from, workdays.1.date…) → form fields. */
function formField(field: string): (string | number)[] {
  const [list, index, part] = field.split(".");
  if (list === "holidays" && index !== undefined) return ["holidays", Number(index), part === "name" ? "name" : "range"];
  if (list === "workdays" && index !== undefined) return ["workdays", Number(index), part === "name" ? "name" : "date"];
  return [field];
}

function downloadBase64(base64: string, name: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * 录入国务院办公厅节假日安排通知 (root administrators only): holiday ranges, adjusted working days and the
 * 文号, entered by hand or uploaded as Excel. Loading replaces the whole year (R-CASE-07).
 */
export function NoticeForm({ view, onSaved }: { view: CalendarView; onSaved: (v: CalendarView) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ list: ImportProblem[]; report?: string; reportName?: string } | null>(null);
  const { year } = view;
  const grouped = groupDays(view.days);
  const initialValues: FormValues = {
    noticeNo: view.notice?.noticeNo ?? "",
    note: view.notice?.note ?? "",
    holidays: grouped.holidays.length
      ? grouped.holidays.map((h) => ({ name: h.name, range: [dayjs(h.from), dayjs(h.to)] as [Dayjs, Dayjs] }))
      : FESTIVALS.map((name) => ({ name })),
    workdays: grouped.workdays.map((w) => ({ name: w.name, date: dayjs(w.date) })),
  };
  const inYear = (d: Dayjs) => d.year() !== year;

  const submit = async (v: FormValues) => {
    setGeneral(null);
    setSaving(true);
    try {
      const body = {
        noticeNo: v.noticeNo,
        note: v.note ?? "",
        holidays: v.holidays.map((h) => ({ name: h.name, from: h.range?.[0].format(FORMAT) ?? "", to: h.range?.[1].format(FORMAT) ?? "" })),
        workdays: (v.workdays ?? []).map((w) => ({ name: w.name, date: w.date?.format(FORMAT) ?? "" })),
      };
      onSaved(await api<CalendarView>("PUT", `/api/calendar/years/${year}`, body));
      message.success(`${year} 年节假日安排已载入`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const details = Array.isArray(e.body.details) ? (e.body.details as { field: string; message: string }[]) : [];
      form.setFields(details.filter((d) => d.field !== "holidays").map((d) => ({ name: formField(d.field) as never, errors: [d.message] })));
      setGeneral([e.message, ...details.filter((d) => d.field === "holidays").map((d) => d.message)].join("："));
    } finally {
      setSaving(false);
    }
  };

  const upload = async (file: File) => {
    setProblems(null);
    setGeneral(null);
    const noticeNo = String(form.getFieldValue("noticeNo") ?? "").trim();
    if (!noticeNo) {
      form.setFields([{ name: "noticeNo", errors: ["上传前请先填写通知文号"] }]);
      return;
    }
    const data = new FormData();
    data.append("file", file);
    const note = String(form.getFieldValue("note") ?? "");
    try {
      onSaved(await api<CalendarView>("POST", `/api/calendar/years/${year}/import?noticeNo=${encodeURIComponent(noticeNo)}&note=${encodeURIComponent(note)}`, data));
      message.success(`已从 Excel 载入 ${year} 年节假日安排`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const d = e.body.details as { problems?: ImportProblem[]; report?: string; reportName?: string } | undefined;
      if (d?.problems) setProblems({ list: d.problems, report: d.report, reportName: d.reportName });
      setGeneral(e.message);
    }
  };

  return (
    <Card title={`录入 ${year} 年国务院办公厅节假日安排通知`} size="small">
      <Typography.Paragraph type="secondary">
        按通知填写放假日期范围与调休上班日（须为星期六或星期日）。保存后整体替换 {year} 年的安排，修改留有审计记录。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={submit} disabled={saving}>
        <Space wrap>
          <Form.Item name="noticeNo" label="通知文号" rules={[{ required: true, whitespace: true, message: "请填写通知文号" }]}>
            <Input placeholder="如 国办发明电〔2025〕7号" style={{ width: 260 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input style={{ width: 320 }} maxLength={500} />
          </Form.Item>
        </Space>
        <Divider titlePlacement="start">放假安排</Divider>
        <Form.List name="holidays">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap style={{ display: "flex" }}>
                  <Form.Item name={[f.name, "name"]} rules={[{ required: true, whitespace: true, message: "请填写名称" }]}>
                    <Input placeholder="节日名称" style={{ width: 120 }} maxLength={20} />
                  </Form.Item>
                  <Form.Item name={[f.name, "range"]} rules={[{ required: true, message: "请选择放假日期" }]}>
                    <DatePicker.RangePicker disabledDate={inYear} defaultPickerValue={[dayjs(`${year}-01-01`), dayjs(`${year}-01-01`)]} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label="删除" onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: "" })}>
                添加放假安排
              </Button>
            </>
          )}
        </Form.List>
        <Divider titlePlacement="start">调休上班</Divider>
        <Form.List name="workdays">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap style={{ display: "flex" }}>
                  <Form.Item name={[f.name, "name"]} rules={[{ required: true, whitespace: true, message: "请填写所属节日" }]}>
                    <Input placeholder="所属节日" style={{ width: 120 }} maxLength={20} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "date"]}
                    rules={[
                      { required: true, message: "请选择日期" },
                      {
                        validator: async (_, d?: Dayjs) => {
                          if (!d) return;
                          const wd = dayOfWeek(d.format(FORMAT));
                          if (wd !== 0 && wd !== 6) throw new Error(`${WEEKDAY_NAMES[wd]}不能作为调休上班日，应为星期六或星期日`);
                        },
                      },
                    ]}
                  >
                    <DatePicker disabledDate={inYear} defaultPickerValue={dayjs(`${year}-01-01`)} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label="删除" onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: "" })}>
                添加调休上班日
              </Button>
            </>
          )}
        </Form.List>
        {general && <Alert style={{ marginTop: 12 }} type="error" showIcon title={general} />}
        <Space style={{ display: "flex", marginTop: 16 }} wrap>
          {/* No submit button: Enter in a field must not replace a whole year by accident. */}
          <Popconfirm title={`保存后将整体替换 ${year} 年的节假日安排，确定吗？`} okText="确定" cancelText="取消" onConfirm={() => form.submit()}>
            <Button type="primary" loading={saving}>
              保存并载入 {year} 年安排
            </Button>
          </Popconfirm>
          <Upload accept=".xlsx" showUploadList={false} beforeUpload={(file) => (void upload(file), false)}>
            <Button icon={<UploadOutlined />}>从 Excel 导入</Button>
          </Upload>
          <Typography.Link href={`/api/calendar/years/${year}/export`}>下载 Excel 模板（列：日期、类型、名称）</Typography.Link>
        </Space>
      </Form>
      {problems && (
        <div style={{ marginTop: 12 }}>
          {problems.report && (
            <Button size="small" onClick={() => downloadBase64(problems.report!, problems.reportName ?? "导入错误报告.xlsx")}>
              下载错误报告
            </Button>
          )}
          <Table
            size="small"
            style={{ marginTop: 8 }}
            rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
            dataSource={problems.list}
            pagination={false}
            columns={[
              { title: "行号", dataIndex: "row", width: 70 },
              { title: "列", dataIndex: "column", width: 80 },
              { title: "问题", dataIndex: "message" },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
