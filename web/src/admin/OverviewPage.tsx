import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';

// /console: who is signed in and what the menu holds for them.
export function OverviewPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!me) return null;
  return (
    <Card title={t('overview.title')}>
      <Typography.Paragraph>{t('overview.welcome', { name: me.user.display_name || me.user.username })}</Typography.Paragraph>
      <Descriptions bordered column={1} size="small" style={{ maxWidth: 640 }}>
        <Descriptions.Item label={t('fields.username')}>{me.user.username}</Descriptions.Item>
        <Descriptions.Item label={t('fields.role')}>{t(`roles.${me.user.role}`, { defaultValue: me.user.role })}</Descriptions.Item>
        <Descriptions.Item label={t('header.tenant')}>{me.user.tenant_name ?? me.user.tenant_id}</Descriptions.Item>
        <Descriptions.Item label={t('fields.extension')}>{me.user.extension ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('overview.capabilities')}>{me.capabilities.length}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('overview.hint')}
      </Typography.Paragraph>
    </Card>
  );
}
