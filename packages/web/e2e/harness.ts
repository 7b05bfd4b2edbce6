/**
 * Browser tests' harness: the real server (in-process, its own in-memory PGlite database with
 * the demo data, serving the built web app) and a headless Chromium driven by playwright-core.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import axe from "axe-core";
import { expect } from "vitest";
import type { Database } from "../../server/src/db/client.ts";
import { buildApp } from "../../server/src/app.ts";
import { DEMO_PASSWORD } from "../../server/src/seed/demo.ts";
import type { App } from "../../server/src/core/types.ts";
import { demoDatabase, e2eConfig, webDist } from "./demo-database.ts";

export { DEMO_PASSWORD };
export const SHOTS = "/tmp/zhifa-shots";

export interface Server {
  url: string;
  app: App;
  database: Database;
  close(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  if (!fs.existsSync(path.join(webDist, "index.html"))) throw new Error(`web app not built: run "npm run build:web" (missing ${webDist}/index.html)`);
  const database = await demoDatabase();
  const app = await buildApp({ config: e2eConfig(), db: database.db, serveWeb: true, listen: database.listen });
  await app.ready();
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

// Users who asked for reduced motion get no opening/closing animations: the tests too, so a
// click never lands on a dialog still zooming in (under load its button moved away from the
// point clicked and the click was lost).
export const DESKTOP = { viewport: { width: 1366, height: 900 }, locale: "zh-CN", acceptDownloads: true, reducedMotion: "reduce" } as const;
export const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN", reducedMotion: "reduce" } as const;

/** A fresh context (own cookies) with a page that fails the test on uncaught page errors. */
export async function newPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = DESKTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  // the users' clock: dates in forms are China's (the server's) day at any hour of the run
  const context = await browser.newContext({ timezoneId: "Asia/Shanghai", ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function login(page: Page, url: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${url}/login`);
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.getByRole("button", { name: "用户菜单" }).waitFor();
}

/**
 * A screenshot for people to look at, in SHOTS, when E2E_SHOTS=1 (`npm test` skips them: ~100
 * screenshots cost a minute of CI); a failing step's screenshot is always taken.
 */
export async function shot(page: Page, name: string, fullPage = false): Promise<string | null> {
  if (process.env.E2E_SHOTS !== "1" && !name.startsWith("failed-")) return null;
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: "disabled" });
  return file;
}

/**
 * Picks the option with this label in an antd Select of a form field (by the field's input id),
 * and checks that the select shows it: a click that lands during the dropdown's opening
 * animation is sometimes lost, so it tries again rather than failing later at the save.
 */
export async function pick(page: Page, inputId: string, label: string): Promise<void> {
  const select = page.locator(`.ant-form-item:has(#${inputId}) .ant-select`).first();
  const dropdown = page.locator(`.ant-select-dropdown:has(#${inputId}_list)`);
  const option = dropdown.locator(`.ant-select-item-option[title="${label}"]`);
  for (let attempt = 1; ; attempt++) {
    if (!(await dropdown.isVisible())) await select.click();
    await option.click();
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline) {
      if ((await select.innerText()).includes(label)) return;
      await page.waitForTimeout(50);
    }
    if (attempt === 3) throw new Error(`#${inputId}: picking "${label}" did not take (shows "${await select.innerText()}")`);
  }
}

/** Types a date into an antd DatePicker of a form field. */
export async function pickDate(page: Page, inputId: string, date: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.fill(date);
  await input.press("Enter");
  await expectValue(page, inputId, date);
}

/** Waits until a form input shows this value (a typed date that the picker refused does not). */
export async function expectValue(page: Page, inputId: string, value: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  const deadline = Date.now() + 5_000;
  while ((await input.inputValue()) !== value) {
    if (Date.now() > deadline) throw new Error(`#${inputId} shows "${await input.inputValue()}", expected "${value}"`);
    await page.waitForTimeout(50);
  }
}

/**
 * Waits for a success message after a save; if the form shows errors or an error message
 * instead, fails at once naming them (so a failure in CI says what went wrong), with a shot.
 */
export async function expectMessage(page: Page, text: string, timeout = 15_000): Promise<void> {
  const success = page.getByText(text).first();
  const problems = page.locator(".ant-form-item-explain-error, .ant-message-error, .ant-alert-error").filter({ visible: true });
  // an error box already on the page (e.g. why a case cannot be closed yet) is not this action's failure
  const shown = new Set(await problems.allInnerTexts().catch(() => [] as string[]));
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await success.isVisible().catch(() => false)) return;
    if ((await problems.count()) > 0) {
      const texts = (await problems.allInnerTexts().catch(() => [] as string[])).filter((t) => !shown.has(t));
      if (texts.length === 0 || (await success.isVisible().catch(() => false))) {
        await page.waitForTimeout(100);
        continue;
      }
      await shot(page, `failed-${text}`).catch(() => undefined);
      throw new Error(`expected "${text}", the page shows: ${texts.join(" | ")}`);
    }
    await page.waitForTimeout(100);
  }
  await shot(page, `failed-${text}`).catch(() => undefined);
  const dialog = await page.locator(".ant-modal-body, .ant-drawer-body").allInnerTexts().catch(() => []);
  throw new Error(`expected "${text}" within ${timeout} ms; open dialogs: ${dialog.join(" | ").slice(0, 800)}`);
}

/** Closes the open drawer and waits until it is gone (its rows must not match later locators). */
export async function closeDrawer(page: Page): Promise<void> {
  const open = page.locator(".ant-drawer-close").filter({ visible: true });
  await open.first().click();
  await open.first().waitFor({ state: "detached" });
}

/** Whether the page scrolls sideways (layout wider than the viewport). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** JSON API call with the page's session and CSRF token (setup that has no UI of its own). */
export async function apiCall<T>(page: Page, base: string, method: string, path: string, data?: unknown): Promise<T> {
  const me = (await (await page.request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string };
  const res = await page.request.fetch(`${base}${path}`, { method, headers: { "x-csrf-token": me.csrfToken }, ...(data === undefined ? {} : { data }) });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

type Violation = { id: string; impact: string | null; help: string; nodes: string[] };

/** Runs axe-core on the page; fails on any serious or critical violation (GB/T 37668, WCAG 2.1 AA). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // the CSP allows no inline script: evaluate through the DevTools protocol instead of a <script> tag
  await page.evaluate(axe.source);
  const { violations, passes }: { violations: Violation[]; passes: number } = await page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const result = await w.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`) })),
    };
  });
  // axe really ran: colour contrast, landmarks, labels … were checked
  expect(passes, label).toBeGreaterThan(10);
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad, `${label}: ${JSON.stringify(bad, null, 2)}`).toEqual([]);
}
