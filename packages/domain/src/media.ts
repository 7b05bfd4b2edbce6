/**
 * Evidence file types, recognised by their content (magic bytes), never by name or declared
 * type (R-REC-01, R-REC-03). Pure, so the browser can warn before an upload starts.
 */

export interface MediaType {
  mime: string;
  /** 照片 / 音频 / 视频 / 文书 */
  category: "photo" | "audio" | "video" | "document";
  label: string;
}

const ascii = (b: Uint8Array, at: number, text: string): boolean => text.split("").every((c, i) => b[at + i] === c.charCodeAt(0));

/** The type of a file from its first bytes (at least 16 are needed), or null if not accepted. */
export function detectMediaType(head: Uint8Array): MediaType | null {
  if (head.length < 12) return null;
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { mime: "image/jpeg", category: "photo", label: "JPEG 照片" };
  if (ascii(head, 0, "\x89PNG\r\n\x1a\n")) return { mime: "image/png", category: "photo", label: "PNG 图片" };
  if (ascii(head, 4, "ftyp")) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    if (/^(heic|heix|mif1|msf1)$/.test(brand)) return { mime: "image/heic", category: "photo", label: "HEIC 照片" };
    if (/^(M4A |M4B )$/.test(brand)) return { mime: "audio/mp4", category: "audio", label: "M4A 音频" };
    if (/^qt {2}$/.test(brand)) return { mime: "video/quicktime", category: "video", label: "MOV 视频" };
    if (/^3g/.test(brand)) return { mime: "video/3gpp", category: "video", label: "3GP 视频" };
    return { mime: "video/mp4", category: "video", label: "MP4 视频" };
  }
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return { mime: "video/webm", category: "video", label: "WebM/MKV 视频" };
  if (ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE")) return { mime: "audio/wav", category: "audio", label: "WAV 音频" };
  if (ascii(head, 0, "RIFF") && ascii(head, 8, "AVI ")) return { mime: "video/x-msvideo", category: "video", label: "AVI 视频" };
  if (ascii(head, 0, "ID3") || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0 && (head[1]! & 0x06) !== 0)) return { mime: "audio/mpeg", category: "audio", label: "MP3 音频" };
  if (ascii(head, 0, "#!AMR")) return { mime: "audio/amr", category: "audio", label: "AMR 录音" };
  if (ascii(head, 0, "%PDF-")) return { mime: "application/pdf", category: "document", label: "PDF 文书" };
  // MPEG transport stream (body-worn cameras, DVRs): sync byte every 188 bytes
  if (head[0] === 0x47 && head.length >= 189 && head[188] === 0x47) return { mime: "video/mp2t", category: "video", label: "MPEG-TS 视频" };
  return null;
}

export const ACCEPTED_MEDIA = "JPEG/PNG/HEIC 照片，MP4/MOV/3GP/WebM/AVI/MPEG-TS 视频，MP3/M4A/WAV/AMR 音频，PDF 文书";

/** R-REC-04: stored more than 24 hours after capture → flagged late. */
export const LATE_AFTER_MS = 24 * 3600 * 1000;
export const isLateUpload = (capturedAt: Date, uploadedAt: Date): boolean => uploadedAt.getTime() - capturedAt.getTime() > LATE_AFTER_MS;
