import http from "node:http";

/**
 * Closed-loop HTTP load: `concurrency` clients on keep-alive sockets for `seconds`; with a list of
 * URLs each request takes the next one; with `maxRequests`, it stops after that many too.
 */
export async function load(urls: string | readonly string[], opts: { seconds: number; concurrency: number; headers?: Record<string, string>; maxRequests?: number }): Promise<{ rps: number; errors: number; requests: number }> {
  const list = typeof urls === "string" ? [urls] : urls;
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const deadline = Date.now() + opts.seconds * 1000;
  let requests = 0;
  let errors = 0;
  const once = (url: string) =>
    new Promise<void>((resolve) => {
      const req = http.get(url, { agent, headers: opts.headers }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode !== 200) errors++;
          requests++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (Date.now() < deadline && next < (opts.maxRequests ?? Infinity)) await once(list[next++ % list.length]!);
    }),
  );
  agent.destroy();
  return { rps: requests / ((Date.now() - started) / 1000), errors, requests };
}
