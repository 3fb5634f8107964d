// Routes: /login, the console under /console/..., the agent desktop /desk, the wallboard /wall,
// the embeddable toolbar /embed/toolbar; / → the user's home (an agent's desktop, else the
// console). The wallboard (with its charts) and the toolbar load on demand.
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useNavigate } from 'react-router';
import { AuditPage } from './admin/AuditPage';
import { BackupsPage } from './admin/BackupsPage';
import { CallerListsPage } from './admin/CallerListsPage';
import { ConsoleLayout } from './admin/ConsoleLayout';
import { ExtensionsPage } from './admin/ExtensionsPage';
import { HolidaysPage } from './admin/HolidaysPage';
import { LoginPage } from './admin/LoginPage';
import { MusicPage } from './admin/MusicPage';
import { NumbersPage } from './admin/NumbersPage';
import { OutboundRoutesPage } from './admin/OutboundRoutesPage';
import { OverviewPage } from './admin/OverviewPage';
import { PromptsPage } from './admin/PromptsPage';
import { QueuesPage } from './admin/QueuesPage';
import { ReasonsPage } from './admin/ReasonsPage';
import { RolesPage } from './admin/RolesPage';
import { SettingsPage } from './admin/SettingsPage';
import { SipBansPage } from './admin/SipBansPage';
import { SkillsPage } from './admin/SkillsPage';
import { TenantsPage } from './admin/TenantsPage';
import { TodosPage } from './admin/TodosPage';
import { TokensPage } from './admin/TokensPage';
import { TrunksPage } from './admin/TrunksPage';
import { UsersPage } from './admin/UsersPage';
import { DeskPage } from './agent/DeskPage';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { RequireAuth, RequireCapability } from './auth/RequireAuth';
import { homePath } from './auth/workspaces';

const WallboardPage = lazy(() => import('./supervisor/WallboardPage'));
const EmbedToolbarPage = lazy(() => import('./embed/EmbedToolbarPage'));

function Home() {
  const { me, can } = useAuth();
  return <Navigate to={homePath(me, can)} replace />;
}

function Loading() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', marginTop: 120 }}>
      <Spin size="large" />
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/console')}>
          {t('common.backToConsole')}
        </Button>
      }
    />
  );
}

const PAGES: { path: string; capability: string; element: ReactNode }[] = [
  { path: 'users', capability: 'users.read', element: <UsersPage /> },
  { path: 'roles', capability: 'roles.read', element: <RolesPage /> },
  { path: 'extensions', capability: 'extensions.read', element: <ExtensionsPage /> },
  { path: 'tokens', capability: 'auth.tokens', element: <TokensPage /> },
  { path: 'queues', capability: 'queues.read', element: <QueuesPage /> },
  { path: 'skills', capability: 'skills.read', element: <SkillsPage /> },
  { path: 'reasons', capability: 'reasons.read', element: <ReasonsPage /> },
  { path: 'numbers', capability: 'numbers.read', element: <NumbersPage /> },
  { path: 'trunks', capability: 'trunks.read', element: <TrunksPage /> },
  { path: 'outbound-routes', capability: 'outbound_routes.read', element: <OutboundRoutesPage /> },
  { path: 'prompts', capability: 'prompts.read', element: <PromptsPage /> },
  { path: 'moh', capability: 'moh.read', element: <MusicPage /> },
  { path: 'caller-lists', capability: 'caller_lists.read', element: <CallerListsPage /> },
  { path: 'holidays', capability: 'holidays.read', element: <HolidaysPage /> },
  { path: 'settings', capability: 'settings.read', element: <SettingsPage /> },
  { path: 'audit', capability: 'audit.read', element: <AuditPage /> },
  { path: 'sip-bans', capability: 'security.read', element: <SipBansPage /> },
  { path: 'tenants', capability: 'tenants.read', element: <TenantsPage /> },
  { path: 'backups', capability: 'system.backup', element: <BackupsPage /> },
  { path: 'todos', capability: 'todos.self', element: <TodosPage /> },
];

export function App() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  useEffect(() => {
    dayjs.locale(zh ? 'zh-cn' : 'en');
    document.title = t('app.name');
  }, [zh, t]);

  return (
    <ConfigProvider locale={zh ? zhCN : enUS}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route
                path="/"
                element={
                  <RequireAuth>
                    <Home />
                  </RequireAuth>
                }
              />
              <Route
                path="/desk"
                element={
                  <RequireAuth>
                    <DeskPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/wall"
                element={
                  <RequireAuth>
                    <Suspense fallback={<Loading />}>
                      <WallboardPage />
                    </Suspense>
                  </RequireAuth>
                }
              />
              <Route
                path="/embed/toolbar"
                element={
                  <Suspense fallback={<Loading />}>
                    <EmbedToolbarPage />
                  </Suspense>
                }
              />
              <Route path="/login" element={<LoginPage />} />
              <Route
                path="/console"
                element={
                  <RequireAuth>
                    <ConsoleLayout />
                  </RequireAuth>
                }
              >
                <Route index element={<OverviewPage />} />
                {PAGES.map((page) => (
                  <Route
                    key={page.path}
                    path={page.path}
                    element={<RequireCapability capability={page.capability}>{page.element}</RequireCapability>}
                  />
                ))}
                <Route path="*" element={<NotFound />} />
              </Route>
              <Route path="*" element={<NotFound />} />
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
