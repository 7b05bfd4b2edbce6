import dayjs, { type Dayjs } from "dayjs";
import { todayInShanghai } from "@zhifa/domain";

/**
 * Today in China (Asia/Shanghai) whatever the browser's clock zone: the day the server counts
 * deadlines from and checks "not in the future" against. A date-only field defaults to it and
 * date pickers disable days after (or before) it.
 */
export const chinaToday = (): Dayjs => dayjs(todayInShanghai(new Date()));
