/**
 * A generic model of an official administrative document (执法文书: 行政处罚决定书, 法制审核意见书, …),
 * independent of the output format. The server renders it to DOCX and to PDF; the same model always
 * gives the same bytes (see `generatedAt`).
 */

export type DocBlock =
  /** a section heading, printed bold */
  | { kind: "heading"; text: string }
  /**
   * a paragraph. `indent`: first-line indent of two characters (首行缩进两字符), default true.
   * `align`: default justified (两端对齐). `text` may contain "\n" = line breaks within the paragraph.
   */
  | { kind: "paragraph"; text: string; indent?: boolean; align?: "left" | "center" | "right" }
  /** a bordered two-column table: label | value (like 立案审批表) */
  | { kind: "fields"; rows: { label: string; value: string }[] }
  /** a bordered table with a header row */
  | { kind: "table"; header: string[]; rows: string[][] }
  /** signature lines; `image` = PNG bytes of a handwritten signature, else a line to sign on */
  | { kind: "signatures"; items: { label: string; name?: string; date?: string; image?: Uint8Array }[] };

export interface DocModel {
  /** e.g. 示范市市场监督管理局 — printed centred above the title */
  agencyName: string;
  /** e.g. 行政处罚决定书 — large centred title */
  title: string;
  /** 文号 e.g. 示市监罚〔2026〕00001号, printed under the title */
  number?: string;
  blocks: DocBlock[];
  /** small print at the bottom of the last page, e.g. "本文书一式两份…" */
  footer?: string;
  /** ISO timestamp; used as the documents' creation/modification date so output is byte-for-byte deterministic */
  generatedAt: string;
}

/** "当事人" → "当事人：" (a label that already ends with a colon is kept). */
function labelled(label: string, value: string): string {
  const l = /[：:]\s*$/.test(label) ? label.trimEnd() : `${label}：`;
  return value ? `${l}${value}` : l;
}

/**
 * All the document's text in reading order, one line per paragraph / table row (line breaks inside a
 * paragraph stay line breaks); table cells are separated by tabs. For search indexes and tests.
 */
export function documentPlainText(model: DocModel): string {
  const lines: string[] = [];
  const push = (s: string) => {
    if (s !== "") lines.push(s);
  };
  push(model.agencyName);
  push(model.title);
  push(model.number ?? "");
  for (const b of model.blocks) {
    switch (b.kind) {
      case "heading":
      case "paragraph":
        push(b.text);
        break;
      case "fields":
        for (const r of b.rows) push(labelled(r.label, r.value));
        break;
      case "table":
        push(b.header.join("\t"));
        for (const r of b.rows) push(r.join("\t"));
        break;
      case "signatures":
        for (const s of b.items) push([labelled(s.label, s.name ?? ""), s.date ?? ""].filter((x) => x !== "").join(" "));
        break;
    }
  }
  push(model.footer ?? "");
  return lines.join("\n");
}
