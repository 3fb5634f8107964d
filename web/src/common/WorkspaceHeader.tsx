// The header of the desktop and the wallboard: the workspace's name, what the page adds (the
// connection's state), the links to the other workspaces, the language and signing out.
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { LanguageSwitch } from './LanguageSwitch';
import { WorkspaceLinks } from './WorkspaceLinks';

export function WorkspaceHeader({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  if (!me) return null;
  const signOut = async () => {
    await logout();
    navigate('/login', { replace: true });
  };
  return (
    <Layout.Header
      style={{
        background: '#001529',
        padding: '0 24px',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: 16,
      }}
    >
      <Space size="middle">
        <Typography.Text style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.name')} · {title}
        </Typography.Text>
        {children}
      </Space>
      <Space size="middle" style={{ background: '#fff', borderRadius: 6, padding: '0 8px', lineHeight: '40px' }}>
        <WorkspaceLinks />
        <LanguageSwitch />
        <Space size={4} data-testid="user-name">
          <UserOutlined />
          {me.user.display_name || me.user.username}
          {me.user.extension && <Tag>{me.user.extension}</Tag>}
        </Space>
        <Button size="small" icon={<LogoutOutlined />} onClick={signOut} data-testid="logout">
          {t('header.logout')}
        </Button>
      </Space>
    </Layout.Header>
  );
}
