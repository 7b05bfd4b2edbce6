import { Type } from "typebox";
import { Abilities, IsoDate } from "../../core/schemas.ts";

/** Years a notice may be loaded for (the table's check constraint allows 1900–2200). */
export const YearParams = Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2200 }) });

// Dates inside the notice body are plain strings: the notice checks (notice.ts) give the Chinese messages.
const DateText = Type.String({ maxLength: 20 });
const Name = Type.String({ maxLength: 40 });

export const NoticeBody = Type.Object({
  noticeNo: Type.String({ minLength: 1, maxLength: 100, description: "文号，如 国办发明电〔2025〕7号" }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  holidays: Type.Array(Type.Object({ name: Name, from: DateText, to: DateText }), { maxItems: 60, description: "放假安排（日期范围）" }),
  workdays: Type.Array(Type.Object({ date: DateText, name: Name }), { maxItems: 60, description: "调休上班日" }),
});

export const ImportQuery = Type.Object({
  noticeNo: Type.String({ minLength: 1, maxLength: 100, description: "文号" }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

export const CalendarDayOut = Type.Object({
  date: Type.String(),
  kind: Type.Union([Type.Literal("holiday"), Type.Literal("workday")]),
  name: Type.String(),
  source: Type.String(),
});

export const CalendarYearOut = Type.Object({
  year: Type.Integer(),
  noticeNo: Type.Union([Type.String(), Type.Null()]),
  loadedAt: Type.String(),
  note: Type.String(),
});

export const Warning = Type.Object({ year: Type.Integer(), message: Type.String() });

export const CalendarOut = Type.Object({
  year: Type.Integer(),
  /** Today in Asia/Shanghai. */
  today: Type.String(),
  days: Type.Array(CalendarDayOut),
  /** The loaded notice of `year`, null when the year is unconfirmed. */
  notice: Type.Union([CalendarYearOut, Type.Null()]),
  years: Type.Array(CalendarYearOut),
  knownYears: Type.Array(Type.Integer()),
  warning: Type.Union([Warning, Type.Null()]),
  can: Abilities,
});

export const ComputeQuery = Type.Object({
  start: IsoDate,
  days: Type.Integer({ minimum: 0, maximum: 2500, description: "工作日数" }),
});
export const ComputeOut = Type.Object({ start: Type.String(), days: Type.Integer(), date: Type.String(), confirmed: Type.Boolean() });

export const BetweenQuery = Type.Object({ from: IsoDate, to: IsoDate });
export const BetweenOut = Type.Object({ from: Type.String(), to: Type.String(), days: Type.Integer(), confirmed: Type.Boolean() });
