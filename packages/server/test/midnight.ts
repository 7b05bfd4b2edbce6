// Run before every test file (vitest `setupFiles`, all three projects).
//
// Tests take "today" (Asia/Shanghai) once, when the file loads, and compare it with the dates the
// server stamps (decision dates, deadlines counted from today, 'filed on' must not precede 立案…).
// A file that runs across midnight in Shanghai (16:00 UTC) compares yesterday with today and
// fails — it happened to CI on 2026-12-06. A file starting in the day's last minutes waits for
// the new day instead; the files that use dates each take well under the window.
import { shanghaiDayStart, todayInShanghai, addCalendarDays } from "@zhifa/domain";

const WINDOW_MS = 3 * 60_000;

/** Milliseconds until the next midnight in Asia/Shanghai. */
export function untilShanghaiMidnight(now: Date): number {
  return shanghaiDayStart(addCalendarDays(todayInShanghai(now), 1)).getTime() - now.getTime();
}

const left = untilShanghaiMidnight(new Date());
if (left < WINDOW_MS) {
  console.warn(`[test setup] ${Math.ceil(left / 1000)} s to midnight in Shanghai: waiting for the new day so dates taken now stay today's`);
  await new Promise((r) => setTimeout(r, left + 1_000));
}
