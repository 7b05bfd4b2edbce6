import { lazy, Suspense, type ComponentType } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { Spin } from "antd";
import { useSession } from "./session.tsx";
import { LoginPage } from "./pages/LoginPage.tsx";
import { Shell } from "./components/Shell.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { AccountPage, ForcedPasswordChange } from "./pages/AccountPage.tsx";

const ListPage = lazy(() => import("./pages/ListPage.tsx").then((m) => ({ default: m.ListPage })));
const AgenciesPage = lazy(() => import("./pages/AgenciesPage.tsx").then((m) => ({ default: m.AgenciesPage })));
const UsersPage = lazy(() => import("./pages/UsersPage.tsx").then((m) => ({ default: m.UsersPage })));
const PowersPage = lazy(() => import("./pages/PowersPage.tsx").then((m) => ({ default: m.PowersPage })));
const CasesPage = lazy(() => import("./pages/cases/CasesPage.tsx").then((m) => ({ default: m.CasesPage })));
const CasePage = lazy(() => import("./pages/cases/CasePage.tsx").then((m) => ({ default: m.CasePage })));
const EvidencePage = lazy(() => import("./pages/EvidencePage.tsx").then((m) => ({ default: m.EvidencePage })));
const LedgerPage = lazy(() => import("./pages/LedgerPage.tsx").then((m) => ({ default: m.LedgerPage })));
const ReviewsPage = lazy(() => import("./pages/reviews/ReviewsPage.tsx").then((m) => ({ default: m.ReviewsPage })));
const ReviewPage = lazy(() => import("./pages/reviews/ReviewPage.tsx").then((m) => ({ default: m.ReviewPage })));
const AccessPage = lazy(() => import("./pages/AccessPage.tsx").then((m) => ({ default: m.AccessPage })));
const AccessRequestsPage = lazy(() => import("./pages/AccessRequestsPage.tsx").then((m) => ({ default: m.AccessRequestsPage })));
const PublicityPage = lazy(() => import("./pages/publicity/PublicityPage.tsx").then((m) => ({ default: m.PublicityPage })));
const PublicationPage = lazy(() => import("./pages/publicity/PublicationPage.tsx").then((m) => ({ default: m.PublicationPage })));
const StatisticsPage = lazy(() => import("./pages/statistics/StatisticsPage.tsx").then((m) => ({ default: m.StatisticsPage })));

/**
 * The working calendar page (工作日历) is written separately: bundled when the file exists,
 * so the app builds with or without it.
 */
const calendarModules = import.meta.glob<{ default?: ComponentType; CalendarPage?: ComponentType }>("./pages/CalendarPage.tsx");
const loadCalendar = Object.values(calendarModules)[0];
const CalendarPage = loadCalendar
  ? lazy(() => loadCalendar().then((m) => ({ default: m.CalendarPage ?? m.default ?? (() => null) })))
  : null;

export function App() {
  const { me, loading } = useSession();
  if (loading) return <Spin fullscreen tip="加载中…" />;
  if (!me)
    return (
      <Suspense fallback={<Spin fullscreen tip="加载中…" />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          {/* public: anyone may verify the ledger without an account (R-REC-02) */}
          <Route path="/ledger" element={<LedgerPage standalone />} />
          {/* public: request to read or copy a case's records, see the decision, read (R-REC-08) */}
          <Route path="/access" element={<AccessPage standalone />} />
          <Route path="*" element={<Navigate to="/login" replace />} />
        </Routes>
      </Suspense>
    );
  // An account with a temporary password must set its own first.
  if (me.user.mustChangePassword) return <ForcedPasswordChange />;
  const pages = { calendar: !!CalendarPage, powers: "power" in me.abilities };
  return (
    <Shell pages={pages}>
      <Suspense fallback={<Spin style={{ display: "block", margin: 48 }} />}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/lists/:kind" element={<ListPage />} />
          <Route path="/agencies" element={<AgenciesPage />} />
          <Route path="/users" element={<UsersPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/powers" element={<PowersPage />} />
          <Route path="/ledger" element={<LedgerPage />} />
          <Route path="/evidence" element={<EvidencePage />} />
          <Route path="/cases" element={<CasesPage />} />
          <Route path="/cases/:id" element={<CasePage />} />
          <Route path="/reviews" element={<ReviewsPage />} />
          <Route path="/reviews/:id" element={<ReviewPage />} />
          <Route path="/access" element={<AccessPage />} />
          <Route path="/access-requests" element={<AccessRequestsPage />} />
          <Route path="/publicity" element={<PublicityPage />} />
          <Route path="/publicity/corrections" element={<Navigate to="/publicity?tab=corrections" replace />} />
          <Route path="/publicity/:id" element={<PublicationPage />} />
          <Route path="/statistics" element={<StatisticsPage />} />
          {CalendarPage && <Route path="/calendar" element={<CalendarPage />} />}
          <Route path="/login" element={<Navigate to="/" replace />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}
