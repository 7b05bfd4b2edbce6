import { Navigate, Route, Routes } from "react-router-dom";
import { Spin } from "antd";
import { useSession } from "./session.tsx";
import { LoginPage } from "./pages/LoginPage.tsx";
import { Shell } from "./components/Shell.tsx";
import { HomePage } from "./pages/HomePage.tsx";

export function App() {
  const { me, loading } = useSession();
  if (loading) return <Spin fullscreen tip="加载中…" />;
  if (!me)
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace />} />
      </Routes>
    );
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<HomePage />} />
        <Route path="/login" element={<Navigate to="/" replace />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Shell>
  );
}
