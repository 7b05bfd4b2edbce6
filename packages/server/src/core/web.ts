import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { Config } from "../config.ts";
import type { App } from "./types.ts";
import { errors } from "./errors.ts";

export const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../web/dist");

/** Serves the built React app; unknown non-API paths get index.html (client-side routing). */
export async function registerWebApp(app: App, config: Config): Promise<void> {
  const root = config.WEB_DIST ? path.resolve(config.WEB_DIST) : defaultWebDist;
  const index = path.join(root, "index.html");
  if (!fs.existsSync(index)) throw new Error(`web app not built: ${index} is missing (run npm run build:web)`);
  // The built files are public (the login page needs them): mark the static routes so.
  await app.register(async (scope) => {
    scope.addHook("onRoute", (route) => {
      route.config = { ...(route.config as object), public: true } as typeof route.config;
    });
    await scope.register(fastifyStatic, { root, wildcard: false, index: false, maxAge: "1h", immutable: false });
  });
  const html = fs.readFileSync(index, "utf8");
  const sendIndex = (_req: unknown, reply: { type(t: string): { header(k: string, v: string): { send(b: string): unknown } } }) =>
    reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(html);
  app.get("/", { config: { public: true }, schema: { hide: true } }, sendIndex as never);
  app.get("/*", { config: { public: true }, schema: { hide: true } }, (request, reply) => {
    const url = request.url.split("?")[0] ?? "";
    if (url.startsWith("/api/") || path.extname(url) !== "") throw errors.routeNotFound();
    return sendIndex(request, reply as never);
  });
}
