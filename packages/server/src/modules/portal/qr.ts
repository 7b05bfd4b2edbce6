/**
 * The QR code on an officer's certificate (R-PUB-02): it encodes the absolute URL of the
 * certificate's public verification page, so anyone can check it with a phone camera.
 */
import QRCode from "qrcode";
import type { FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";

/** The verification page's path of a 执法证号. */
export function verificationPath(certNumber: string): string {
  return `/portal/officers/${encodeURIComponent(certNumber)}`;
}

/**
 * The deployment's public base URL (no trailing slash): `PUBLIC_URL` when configured (what a
 * printed badge must carry), otherwise the scheme and host of the request.
 */
export function publicBase(config: Config, request: FastifyRequest): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, "");
  return `${request.protocol}://${request.host}`;
}

/** The absolute URL a certificate's QR code encodes. */
export function verificationUrl(base: string, certNumber: string): string {
  return `${base}${verificationPath(certNumber)}`;
}

/** The QR code of a URL as an SVG document (error correction M: survives a worn card). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
}
