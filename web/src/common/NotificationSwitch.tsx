// The switch that turns desktop notifications on (desktopNotifications.ts): the browser's
// permission is asked on the click that turns it on. Hidden where the browser has no
// notifications; disabled, saying why, where the user blocked them for this site.
import { BellOutlined } from '@ant-design/icons';
import { App, Space, Switch, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  askNotificationAccess,
  notificationAccess,
  notificationsWanted,
  setNotificationsWanted,
  type NotificationAccess,
} from './desktopNotifications';

export function NotificationSwitch() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [access, setAccess] = useState<NotificationAccess>(notificationAccess);
  const [wanted, setWanted] = useState(notificationsWanted);
  const [asking, setAsking] = useState(false);
  if (access === 'unsupported') return null;
  const on = wanted && access === 'granted';

  const change = async (turnOn: boolean) => {
    if (!turnOn) {
      setNotificationsWanted(false);
      setWanted(false);
      return;
    }
    setAsking(true);
    const answer = await askNotificationAccess();
    setAsking(false);
    setAccess(answer);
    const granted = answer === 'granted';
    setNotificationsWanted(granted);
    setWanted(granted);
    if (!granted) void message.warning(t(answer === 'denied' ? 'notify.blocked' : 'notify.notAllowed'));
  };

  return (
    <Tooltip title={access === 'denied' ? t('notify.blocked') : t('notify.hint')}>
      <Space size="small">
        <BellOutlined />
        <Typography.Text>{t('notify.switch')}</Typography.Text>
        <Switch checked={on} loading={asking} disabled={access === 'denied'} onChange={change}
          data-testid="notify-switch" data-state={on ? 'on' : access === 'denied' ? 'blocked' : 'off'} />
      </Space>
    </Tooltip>
  );
}
