import { useCallback, useEffect, useMemo, useState } from "react";
import { TreeSelect } from "antd";
import { get, type Agency, type Me } from "../api.ts";
import { useSession } from "../session.tsx";

/** The agency tree is shared by many pages: loaded once, reloaded after a change. */
let cache: Promise<Agency[]> | null = null;
const listeners = new Set<() => void>();

export function loadAgencies(): Promise<Agency[]> {
  cache ??= get<{ items: Agency[] }>("/api/agencies")
    .then((r) => r.items)
    .catch((e: unknown) => {
      cache = null;
      throw e;
    });
  return cache;
}

export function invalidateAgencies() {
  cache = null;
  for (const l of listeners) l();
}

export function useAgencies() {
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  useEffect(() => {
    let live = true;
    loadAgencies()
      .then((a) => live && setAgencies(a))
      .catch(() => live && setAgencies([]))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [tick]);
  const reload = useCallback(() => invalidateAgencies(), []);
  return { agencies, loading, reload };
}

/** Agencies whose lists the user reads: own agency; supervisors and admins their subtree (R-GEN-03). */
export function inListScope(me: Me, agencies: Agency[]): Agency[] {
  const subtree = me.user.roles.includes("admin") || me.user.roles.includes("supervisor");
  return agencies.filter((a) => (subtree ? a.path.startsWith(me.agency.path) : a.id === me.agency.id));
}

export interface AgencyNode {
  key: string;
  value: string;
  title: string;
  agency: Agency;
  children: AgencyNode[];
}

/** Builds the tree of the given agencies; an agency whose parent is not among them is a root. */
export function agencyTree(agencies: Agency[]): AgencyNode[] {
  const nodes = new Map<string, AgencyNode>();
  for (const a of agencies) nodes.set(a.id, { key: a.id, value: a.id, title: a.name, agency: a, children: [] });
  const roots: AgencyNode[] = [];
  for (const a of [...agencies].sort((x, y) => x.path.length - y.path.length || x.code.localeCompare(y.code))) {
    const node = nodes.get(a.id)!;
    const parent = a.parentId ? nodes.get(a.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

interface PickerProps {
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** "list": agencies whose lists the user reads; "all": every agency; or a custom filter. */
  scope?: "list" | "all" | ((a: Agency) => boolean);
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
}

/** TreeSelect of agencies (执法主体). */
export function AgencyPicker({ value, onChange, scope = "list", allowClear, placeholder = "选择执法主体", style, id }: PickerProps) {
  const { me } = useSession();
  const { agencies } = useAgencies();
  const tree = useMemo(() => {
    if (!me) return [];
    const shown = scope === "all" ? agencies : scope === "list" ? inListScope(me, agencies) : agencies.filter(scope);
    return agencyTree(shown);
  }, [agencies, me, scope]);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(v) => onChange?.((v as string | undefined) ?? undefined)}
      treeData={tree}
      treeDefaultExpandAll
      allowClear={allowClear}
      placeholder={placeholder}
      showSearch={{ treeNodeFilterProp: "title" }}
      style={{ minWidth: 200, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
