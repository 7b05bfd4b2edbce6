import type { Tx } from "../db/client.ts";
import { seedCalendarFromChineseDays } from "../modules/calendar/service.ts";

/**
 * The working-day calendar (R-CASE-07) is real reference data, not demo data: the official notices from
 * the chinese-days package. The demo seed loads it in its transaction; a database seeded without demo data
 * gets it from `ensureCalendar` at startup (modules/calendar/service.ts).
 */
export async function seedDemoCalendar(tx: Tx): Promise<void> {
  await seedCalendarFromChineseDays(tx);
}
