// The console's side menu: every page with the capability it needs to be seen. A user sees only
// the pages their role can read (the server refuses the rest with 403 anyway).
import {
  AudioOutlined,
  ControlOutlined,
  CustomerServiceOutlined,
  PhoneOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface MenuPage {
  path: string; // under /console
  labelKey: string;
  capability?: string;
  icon?: ReactNode;
}

export interface MenuGroup {
  key: string;
  labelKey: string;
  icon: ReactNode;
  pages: MenuPage[];
}

export const MENU: MenuGroup[] = [
  {
    key: 'accounts',
    labelKey: 'menu.accounts',
    icon: <TeamOutlined />,
    pages: [
      { path: 'users', labelKey: 'menu.users', capability: 'users.read' },
      { path: 'roles', labelKey: 'menu.roles', capability: 'roles.read' },
      { path: 'extensions', labelKey: 'menu.extensions', capability: 'extensions.read' },
      { path: 'tokens', labelKey: 'menu.tokens', capability: 'auth.tokens' },
    ],
  },
  {
    key: 'acd',
    labelKey: 'menu.acd',
    icon: <CustomerServiceOutlined />,
    pages: [
      { path: 'queues', labelKey: 'menu.queues', capability: 'queues.read' },
      { path: 'skills', labelKey: 'menu.skills', capability: 'skills.read' },
      { path: 'reasons', labelKey: 'menu.reasons', capability: 'reasons.read' },
    ],
  },
  {
    key: 'telephony',
    labelKey: 'menu.telephony',
    icon: <PhoneOutlined />,
    pages: [
      { path: 'numbers', labelKey: 'menu.numbers', capability: 'numbers.read' },
      { path: 'trunks', labelKey: 'menu.trunks', capability: 'trunks.read' },
      { path: 'outbound-routes', labelKey: 'menu.outboundRoutes', capability: 'outbound_routes.read' },
    ],
  },
  {
    key: 'media',
    labelKey: 'menu.media',
    icon: <AudioOutlined />,
    pages: [
      { path: 'prompts', labelKey: 'menu.prompts', capability: 'prompts.read' },
      { path: 'moh', labelKey: 'menu.moh', capability: 'moh.read' },
    ],
  },
  {
    key: 'policy',
    labelKey: 'menu.policy',
    icon: <ControlOutlined />,
    pages: [
      { path: 'caller-lists', labelKey: 'menu.callerLists', capability: 'caller_lists.read' },
      { path: 'holidays', labelKey: 'menu.holidays', capability: 'holidays.read' },
      { path: 'settings', labelKey: 'menu.settings', capability: 'settings.read' },
    ],
  },
  {
    key: 'system',
    labelKey: 'menu.system',
    icon: <SettingOutlined />,
    pages: [
      { path: 'audit', labelKey: 'menu.audit', capability: 'audit.read' },
      { path: 'sip-bans', labelKey: 'menu.sipBans', capability: 'security.read' },
      { path: 'tenants', labelKey: 'menu.tenants', capability: 'tenants.read' },
      { path: 'backups', labelKey: 'menu.backups', capability: 'system.backup' },
    ],
  },
];
