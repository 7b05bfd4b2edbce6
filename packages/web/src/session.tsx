import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { ApiError, get, post, setCsrfToken, type Me } from "./api.ts";

interface SessionValue {
  me: Me | null;
  loading: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  /** Whether the server will accept `action` on `resource` of the user's own agency. */
  can(resource: string, action: string): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const accept = (m: Me | null) => {
    setCsrfToken(m?.csrfToken ?? "");
    setMe(m);
  };

  const refresh = useCallback(async () => {
    try {
      accept(await get<Me>("/api/auth/me"));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) accept(null);
      else throw e;
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value: SessionValue = {
    me,
    loading,
    login: async (username, password) => accept(await post<Me>("/api/auth/login", { username, password })),
    logout: async () => {
      await post("/api/auth/logout");
      accept(null);
    },
    refresh,
    can: (resource, action) => !!me?.abilities[resource]?.[action],
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}
