// The console's frame: the side menu (only what the user's capabilities allow), the header (tenant,
// user, language, change password, logout) and the page. For a user whose to-dos live in the
// console (no desk: workspaces.ts), it also keeps the CTI socket that brings the to-dos' changes
// and reminders, and pops the reminders over whichever console page is open.
import { CheckSquareOutlined, DownOutlined, HomeOutlined, LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ReminderStack } from '../agent/ReminderStack';
import { useAuth } from '../auth/AuthContext';
import { hasConsoleTodos } from '../auth/workspaces';
import { LanguageSwitch } from '../common/LanguageSwitch';
import { WorkspaceLinks } from '../common/WorkspaceLinks';
import { CtiProvider } from '../cti/CtiContext';
import { ChangePasswordModal } from './ChangePasswordModal';
import { MENU } from './menu';

const { Header, Sider, Content } = Layout;

export function ConsoleLayout() {
  const { t } = useTranslation();
  const { me, can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const todos = hasConsoleTodos(me, can);

  const items = useMemo<MenuProps['items']>(() => {
    const groups = MENU.map((group) => {
      const pages = group.pages.filter((page) => !page.capability || can(page.capability));
      if (pages.length === 0) return null;
      return {
        key: group.key,
        icon: group.icon,
        label: t(group.labelKey),
        children: pages.map((page) => ({ key: `/console/${page.path}`, label: t(page.labelKey) })),
      };
    }).filter((group) => group !== null);
    const todoPage = todos ? [{ key: '/console/todos', icon: <CheckSquareOutlined />, label: t('menu.todos') }] : [];
    return [{ key: '/console', icon: <HomeOutlined />, label: t('menu.overview') }, ...todoPage, ...groups];
  }, [can, t, todos]);

  const selected = useMemo(() => {
    const match = location.pathname.match(/^\/console\/[^/]+/);
    return match ? match[0] : '/console';
  }, [location.pathname]);

  const userMenu: MenuProps['items'] = [
    { key: 'password', icon: <LockOutlined />, label: t('header.changePassword') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout') },
  ];

  const onUserMenu: MenuProps['onClick'] = async ({ key }) => {
    if (key === 'password') setPasswordOpen(true);
    if (key === 'logout') {
      await logout();
      navigate('/login', { replace: true });
    }
  };

  if (!me) return null;
  const frame = (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={220} theme="dark" style={{ overflow: 'auto', height: '100vh', position: 'sticky', top: 0, left: 0 }}>
        <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, padding: '16px 24px', whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          data-testid="side-menu"
          items={items}
          selectedKeys={[selected]}
          defaultOpenKeys={MENU.map((group) => group.key)}
          onClick={({ key }) => navigate(key)}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space>
            <Typography.Text type="secondary">{t('header.tenant')}</Typography.Text>
            <Tag color="blue" data-testid="tenant-name">
              {me.user.tenant_name ?? me.user.tenant_id}
            </Tag>
          </Space>
          <Space size="large">
            <WorkspaceLinks />
            <LanguageSwitch />
            <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']}>
              <Button type="text" data-testid="user-menu">
                <UserOutlined />
                <span data-testid="user-name">{me.user.display_name || me.user.username}</span>
                <Tag>{t(`roles.${me.user.role}`, { defaultValue: me.user.role })}</Tag>
                <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 24 }}>
          <Outlet />
        </Content>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
  if (!todos) return frame;
  return (
    <CtiProvider>
      {frame}
      <ReminderStack />
    </CtiProvider>
  );
}
