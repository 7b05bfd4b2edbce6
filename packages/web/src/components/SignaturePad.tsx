import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { Button, Space, Tag, Typography } from "antd";
import { CheckOutlined, ClearOutlined } from "@ant-design/icons";

/** The largest PNG the server takes (200 KB decoded); the export stays below it with a margin. */
const MAX_PNG_BYTES = 190 * 1024;
/** The exported image is at most this large (device pixels); a larger drawing is scaled down. */
const MAX_EXPORT_W = 1600;
const MAX_EXPORT_H = 800;

export interface SignaturePadProps {
  /** The confirmed signature: a PNG `data:` URL, or null while nothing is confirmed. */
  value: string | null;
  onChange(png: string | null): void;
  /** Whether anything is drawn (confirmed or not): called when that changes. */
  onInk?(inked: boolean): void;
  /** Accessible name of the pad, e.g. "当事人签名". */
  label: string;
  /** Height of the writing area in CSS pixels (it is as wide as its container). */
  height?: number;
  disabled?: boolean;
}

/** Bytes of a base64 `data:` URL's payload. */
const dataUrlBytes = (url: string) => Math.floor(((url.length - url.indexOf(",") - 1) * 3) / 4);

/**
 * The drawn part of the canvas as a PNG `data:` URL, at the canvas's resolution (device pixels),
 * trimmed to the ink with a small margin; scaled down when it would be too large. null when blank.
 */
export function exportSignature(canvas: HTMLCanvasElement, margin: number): string | null {
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  const { width: w, height: h } = canvas;
  const px = ctx.getImageData(0, 0, w, h).data;
  let minX = w;
  let minY = h;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w * 4;
    for (let x = 0; x < w; x++) {
      if (px[row + x * 4 + 3]! === 0) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX < 0) return null;
  const sx = Math.max(0, minX - margin);
  const sy = Math.max(0, minY - margin);
  const sw = Math.min(w, maxX + margin + 1) - sx;
  const sh = Math.min(h, maxY + margin + 1) - sy;
  let scale = Math.min(1, MAX_EXPORT_W / sw, MAX_EXPORT_H / sh);
  for (;;) {
    const out = document.createElement("canvas");
    out.width = Math.max(1, Math.round(sw * scale));
    out.height = Math.max(1, Math.round(sh * scale));
    const o = out.getContext("2d");
    if (!o) return null;
    o.imageSmoothingQuality = "high";
    o.drawImage(canvas, sx, sy, sw, sh, 0, 0, out.width, out.height);
    const url = out.toDataURL("image/png");
    if (dataUrlBytes(url) <= MAX_PNG_BYTES || scale < 0.1) return url;
    scale *= 0.7;
  }
}

/**
 * A handwriting pad (签名板) for signatures on site: draw with a finger, a pen or the mouse
 * (pointer events; the page does not scroll while writing), 清除 to start again, 确认 to take the
 * signature as a PNG trimmed to the ink, at the device's pixel ratio.
 */
export function SignaturePad({ value, onChange, onInk, label, height = 180, disabled = false }: SignaturePadProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stroke = useRef<{ id: number; x: number; y: number } | null>(null);
  const [inked, setInked] = useState(false);

  // the canvas has its box's size in device pixels; what is drawn survives a resize (rotation)
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const fit = () => {
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
      const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
      if (canvas.width === w && canvas.height === h) return;
      const keep = document.createElement("canvas");
      keep.width = canvas.width;
      keep.height = canvas.height;
      keep.getContext("2d")?.drawImage(canvas, 0, 0);
      canvas.width = w;
      canvas.height = h;
      canvas.getContext("2d")?.drawImage(keep, 0, 0);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, []);

  /** A pointer's position in the canvas's pixels (inside its border). */
  const at = (canvas: HTMLCanvasElement, e: { clientX: number; clientY: number }) => {
    const r = canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - r.left - canvas.clientLeft) * canvas.width) / Math.max(1, canvas.clientWidth),
      y: ((e.clientY - r.top - canvas.clientTop) * canvas.height) / Math.max(1, canvas.clientHeight),
    };
  };

  const lineWidth = (e: PointerEvent) => {
    const dpr = window.devicePixelRatio || 1;
    // a pen's pressure varies the line; fingers and mice report a constant 0.5 (or 0)
    return e.pointerType === "pen" && e.pressure > 0 ? dpr * (1.2 + 2.6 * e.pressure) : dpr * 2.6;
  };

  const segment = (canvas: HTMLCanvasElement, from: { x: number; y: number }, to: { x: number; y: number }, e: PointerEvent) => {
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.strokeStyle = "#0b1a3a";
    ctx.fillStyle = "#0b1a3a";
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.lineWidth = lineWidth(e);
    ctx.beginPath();
    if (from.x === to.x && from.y === to.y) {
      ctx.arc(to.x, to.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fill();
      return;
    }
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  };

  const down = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (disabled || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.preventDefault();
    const canvas = e.currentTarget;
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch {
      /* a pointer that cannot be captured still draws while over the pad */
    }
    const p = at(canvas, e);
    stroke.current = { id: e.pointerId, ...p };
    segment(canvas, p, p, e.nativeEvent);
    if (!inked) onInk?.(true);
    setInked(true);
    // writing more after 确认 needs a new 确认
    if (value) onChange(null);
  };

  const move = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const s = stroke.current;
    if (!s || s.id !== e.pointerId) return;
    e.preventDefault();
    const canvas = e.currentTarget;
    const events = typeof e.nativeEvent.getCoalescedEvents === "function" ? e.nativeEvent.getCoalescedEvents() : [];
    let last = { x: s.x, y: s.y };
    for (const ev of events.length ? events : [e.nativeEvent]) {
      const p = at(canvas, ev);
      segment(canvas, last, p, ev);
      last = p;
    }
    stroke.current = { id: s.id, ...last };
  };

  const up = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (stroke.current?.id === e.pointerId) stroke.current = null;
  };

  const clear = () => {
    const canvas = canvasRef.current;
    canvas?.getContext("2d")?.clearRect(0, 0, canvas.width, canvas.height);
    setInked(false);
    onInk?.(false);
    onChange(null);
  };

  const confirm = () => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    onChange(exportSignature(canvas, Math.round(8 * (window.devicePixelRatio || 1))));
  };

  return (
    <div data-signature-pad={label}>
      <div style={{ position: "relative", width: "100%", height }}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={label}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
          onContextMenu={(e) => e.preventDefault()}
          style={{
            display: "block",
            boxSizing: "border-box",
            width: "100%",
            height,
            touchAction: "none",
            userSelect: "none",
            WebkitUserSelect: "none",
            background: disabled ? "#f5f5f5" : "#fff",
            border: `1px ${value ? "solid #52c41a" : "dashed #bfbfbf"}`,
            borderRadius: 6,
            cursor: disabled ? "not-allowed" : "crosshair",
          }}
        />
        {!inked && (
          <div style={{ position: "absolute", inset: 0, display: "flex", alignItems: "center", justifyContent: "center", pointerEvents: "none" }}>
            <Typography.Text type="secondary">请在此处手写签名</Typography.Text>
          </div>
        )}
        <div style={{ position: "absolute", left: "8%", right: "8%", bottom: Math.round(height * 0.22), borderBottom: "1px dashed #e0e0e0", pointerEvents: "none" }} />
      </div>
      <Space style={{ marginTop: 8, width: "100%", justifyContent: "space-between" }} wrap>
        {value ? <Tag color="success">签名已确认</Tag> : inked ? <Tag color="warning">写好后请点“确认”</Tag> : <Tag>未签名</Tag>}
        <Space>
          <Button icon={<ClearOutlined />} onClick={clear} disabled={disabled || (!inked && !value)} aria-label={`清除${label}`}>
            清除
          </Button>
          <Button type="primary" ghost icon={<CheckOutlined />} onClick={confirm} disabled={disabled || !inked || !!value} aria-label={`确认${label}`}>
            确认
          </Button>
        </Space>
      </Space>
    </div>
  );
}
