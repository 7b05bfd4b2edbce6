import type { FastifyServerOptions } from "fastify";

/** Query parameters may carry personal data (names, ID numbers in searches): log keys only. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  const keys = [...new Set(params.keys())].map((k) => `${k}=*`);
  return `${url.slice(0, q)}?${keys.join("&")}`;
}

/** pino options: request id on every line; secrets and personal data never logged. */
export function loggerOptions(level: string): FastifyServerOptions["logger"] {
  return {
    level,
    redact: {
      paths: [
        "req.headers.cookie",
        "req.headers.authorization",
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        "*.password",
        "*.newPassword",
        "*.oldPassword",
        "*.passwordHash",
        "*.token",
        "*.idNumber",
        "*.phone",
      ],
      censor: "[filtered]",
    },
    serializers: {
      req(req) {
        return { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip };
      },
    },
  };
}
