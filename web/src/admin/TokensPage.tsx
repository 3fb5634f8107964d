import { App, Checkbox, Form, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiToken, CreatedApiToken } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { CrudPage } from '../common/CrudPage';
import { formatTime } from '../common/format';
import { CapabilityChecklist } from './RolesPage';

// The user's own API tokens (integrations): scopes from what the role grants; the secret is shown
// once, when the token is made.
export function TokensPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { modal } = App.useApp();
  const scopes = (me?.capabilities ?? []).filter((c) => c !== 'auth.tokens');
  return (
    <CrudPage<ApiToken>
      resource="token"
      title={t('menu.tokens')}
      listPath="/api/v1/auth/tokens"
      rowKey={(x) => x.id}
      writeCapability="auth.tokens"
      describe={(x) => x.name}
      canEdit={() => false}
      formWidth={720}
      columns={[
        { title: t('fields.name'), dataIndex: 'name' },
        { title: t('tokens.scopes'), dataIndex: 'scopes', render: (list: string[]) => list.map((s) => <Tag key={s}>{s}</Tag>) },
        { title: t('fields.createdAt'), dataIndex: 'created_at', render: formatTime },
        { title: t('tokens.expiresAt'), dataIndex: 'expires_at', render: (ms: number | null) => (ms ? formatTime(ms) : t('tokens.never')) },
        { title: t('tokens.lastUsed'), dataIndex: 'last_used_at', render: formatTime },
      ]}
      initialValues={{ scopes: [] }}
      toBody={(values) => {
        const body: Record<string, unknown> = { name: values.name, scopes: values.scopes ?? [] };
        if (values.expires_in_days) body.expires_in_days = values.expires_in_days;
        return body;
      }}
      afterSave={async (saved) => {
        const created = saved as CreatedApiToken;
        modal.success({
          title: t('tokens.createdTitle', { name: created.name }),
          width: 640,
          content: (
            <Space direction="vertical">
              <Typography.Text>{t('tokens.shownOnce')}</Typography.Text>
              <Typography.Text code copyable data-testid="token-secret">
                {created.token}
              </Typography.Text>
            </Space>
          ),
        });
      }}
      formFields={() => (
        <>
          <Form.Item name="name" label={t('fields.name')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="expires_in_days" label={t('tokens.expiresInDays')} extra={t('tokens.expiresHint')}>
            <InputNumber min={1} max={3650} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="scopes" label={t('tokens.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('tokens.scopesRequired') }]}>
            <Checkbox.Group style={{ width: '100%' }}>
              <CapabilityChecklist capabilities={scopes} />
            </Checkbox.Group>
          </Form.Item>
        </>
      )}
    />
  );
}
