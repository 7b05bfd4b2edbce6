import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "../../db/client.ts";
import type { ValidationDetail } from "../../core/errors.ts";

/**
 * A list (清单) is data the agencies keep themselves (R-LIST-10: a change of law or
 * organisation is an edit of the list, not new code). One declaration per list drives the API
 * schemas, validation, Excel import/export, history and the web forms.
 */
export type FieldType = "text" | "longtext" | "int" | "number" | "date" | "enum" | "enumArray" | "textArray" | "bool";

export interface FieldDef {
  /** API key, and the key of the Drizzle column in the list's table. */
  key: string;
  /** Chinese label: form label, table column and Excel header. */
  label: string;
  type: FieldType;
  required?: boolean;
  options?: readonly { value: string; label: string }[];
  maxLength?: number;
  min?: number;
  max?: number;
  pattern?: string;
  /** Chinese message when `pattern` does not match. */
  patternMessage?: string;
  /** Shown as a column of the list table (the form always shows every field). */
  column?: boolean;
  /** Included in the keyword search. */
  search?: boolean;
  /** Offered as a filter (enum and bool fields). */
  filter?: boolean;
  /** Help text under the form field and in the Excel template. */
  help?: string;
}

/** The columns every list table has (see `listColumns`). */
export interface ListTableColumns {
  id: PgColumn;
  agencyId: PgColumn;
  version: PgColumn;
  createdAt: PgColumn;
  updatedAt: PgColumn;
}

export interface ListDefinition {
  /** URL key: /api/lists/<kind>. */
  kind: string;
  /** Chinese name, e.g. 执法人员清单. */
  label: string;
  /** Requirement the list implements, e.g. "R-LIST-02". */
  rule: string;
  table: PgTable & ListTableColumns & Record<string, unknown>;
  /** SQL table name (for the audit trail / history). */
  tableName: string;
  fields: FieldDef[];
  /** Fields that identify a row within an agency: Excel import updates the row they match. */
  naturalKey?: string[];
  /** Default sort field. */
  orderBy?: string;
  /** Cross-field and database checks; returns problems (field + Chinese message). */
  validate?(row: Record<string, unknown>, ctx: { tx: Tx; agencyId: string; id?: string }): Promise<ValidationDetail[]> | ValidationDetail[];
}
