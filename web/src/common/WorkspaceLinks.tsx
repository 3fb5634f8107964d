// Links between the console, the agent desktop and the wallboard, as the user's role allows.
import { CustomerServiceOutlined, DashboardOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { canUseDesk, canUseWall } from '../auth/workspaces';

export function WorkspaceLinks() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const { pathname } = useLocation();
  const links = [
    { to: '/console', icon: <SettingOutlined />, label: t('workspaces.console'), show: true, testId: 'link-console' },
    { to: '/desk', icon: <CustomerServiceOutlined />, label: t('workspaces.desk'), show: canUseDesk(me, can), testId: 'link-desk' },
    { to: '/wall', icon: <DashboardOutlined />, label: t('workspaces.wall'), show: canUseWall(can), testId: 'link-wall' },
  ].filter((link) => link.show && !pathname.startsWith(link.to));
  return (
    <Space size="small">
      {links.map((link) => (
        <Link key={link.to} to={link.to} data-testid={link.testId}>
          <Button type="link" icon={link.icon} size="small">
            {link.label}
          </Button>
        </Link>
      ))}
    </Space>
  );
}
