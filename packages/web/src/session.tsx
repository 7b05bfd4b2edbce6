import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { ApiError, get, post, setCsrfToken, type ListMeta, type Me } from "./api.ts";

interface SessionValue {
  me: Me | null;
  loading: boolean;
  /** Every list's metadata (GET /api/lists): menu entries, tables and forms are built from it. */
  lists: ListMeta[];
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  /** Whether the server will accept `action` on `resource` of the user's own agency. */
  can(resource: string, action: string): boolean;
  hasRole(...roles: string[]): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [lists, setLists] = useState<ListMeta[]>([]);
  const [loading, setLoading] = useState(true);

  const accept = useCallback(async (m: Me | null) => {
    setCsrfToken(m?.csrfToken ?? "");
    if (m) {
      try {
        setLists((await get<{ items: ListMeta[] }>("/api/lists")).items);
      } catch {
        setLists([]);
      }
    } else setLists([]);
    setMe(m);
  }, []);

  const refresh = useCallback(async () => {
    try {
      await accept(await get<Me>("/api/auth/me"));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) await accept(null);
      else throw e;
    } finally {
      setLoading(false);
    }
  }, [accept]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value: SessionValue = {
    me,
    loading,
    lists,
    login: async (username, password) => accept(await post<Me>("/api/auth/login", { username, password })),
    logout: async () => {
      try {
        await post("/api/auth/logout");
      } finally {
        await accept(null);
      }
    },
    refresh,
    can: (resource, action) => !!me?.abilities[resource]?.[action],
    hasRole: (...roles) => !!me && roles.some((r) => me.user.roles.includes(r)),
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}
