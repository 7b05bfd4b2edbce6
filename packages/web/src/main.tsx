import { StrictMode, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { SessionProvider } from "./session.tsx";
import { App } from "./App.tsx";

dayjs.locale("zh-cn");

const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";

/** Whether the user asked the system for less motion (it can change while the page is open). */
function useReducedMotion(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia?.(REDUCED_MOTION);
      query?.addEventListener("change", changed);
      return () => query?.removeEventListener("change", changed);
    },
    () => window.matchMedia?.(REDUCED_MOTION).matches ?? false,
  );
}

/** Ant Design in Chinese; no opening/closing animations for users who asked for reduced motion (GB/T 37668). */
function Root() {
  const reducedMotion = useReducedMotion();
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: "#1f4e9c", motion: !reducedMotion } }} wave={{ disabled: reducedMotion }}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <App />
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
