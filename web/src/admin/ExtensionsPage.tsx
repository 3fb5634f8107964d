import { App, Badge, Button, Form, Input, Popconfirm, Space, Switch, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Extension } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { CrudPage } from '../common/CrudPage';
import { useShowError } from '../common/errors';
import { formatTime, generatePassword } from '../common/format';

// SIP extensions (ADM-2). The server keeps only digest hashes of a SIP password, so a password is
// shown once: when it is set here (typed or generated) or regenerated.
export function ExtensionsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { modal } = App.useApp();
  const showError = useShowError();

  const showPassword = (extension: string, password: string) => {
    modal.success({
      title: t('extensions.passwordTitle', { extension }),
      content: (
        <Space direction="vertical">
          <Typography.Text>{t('extensions.passwordOnce')}</Typography.Text>
          <Typography.Text code copyable data-testid="sip-password">
            {password}
          </Typography.Text>
        </Space>
      ),
    });
  };

  const regenerate = async (item: Extension, reload: () => Promise<void>) => {
    const password = generatePassword();
    try {
      await api.put(`/api/v1/extensions/${item.id}`, { password });
      showPassword(item.extension, password);
      await reload();
    } catch (error) {
      showError(error);
    }
  };

  return (
    <CrudPage<Extension>
      resource="extension"
      title={t('menu.extensions')}
      listPath="/api/v1/extensions"
      rowKey={(e) => e.id}
      writeCapability="extensions.write"
      describe={(e) => e.extension}
      columns={[
        { title: t('fields.extension'), dataIndex: 'extension' },
        { title: t('fields.displayName'), dataIndex: 'display_name' },
        {
          title: t('extensions.enabled'),
          dataIndex: 'enabled',
          render: (enabled: boolean) =>
            enabled ? <Badge status="success" text={t('common.yes')} /> : <Badge status="default" text={t('common.no')} />,
        },
        {
          title: t('extensions.registered'),
          dataIndex: 'registered',
          render: (registered: boolean) =>
            registered ? (
              <Badge status="processing" text={t('extensions.online')} />
            ) : (
              <Badge status="default" text={t('extensions.offline')} />
            ),
        },
        { title: t('fields.createdAt'), dataIndex: 'created_at', render: formatTime },
      ]}
      initialValues={{ enabled: true }}
      toFormValues={(e) => ({ display_name: e.display_name, enabled: e.enabled })}
      toBody={(values, editing) =>
        editing
          ? { display_name: values.display_name ?? '', enabled: values.enabled }
          : { extension: values.extension, display_name: values.display_name ?? '', password: values.password }
      }
      afterSave={async (saved, values, editing) => {
        if (!editing && typeof values.password === 'string') showPassword(saved.extension, values.password);
      }}
      rowActions={(item, reload) =>
        can('extensions.write') ? (
          <Popconfirm
            title={t('extensions.regenerateConfirm', { extension: item.extension })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            okButtonProps={{ 'data-testid': 'confirm-regenerate' } as ButtonProps}
            onConfirm={() => regenerate(item, reload)}
          >
            <Button size="small" data-testid="regenerate">
              {t('extensions.regenerate')}
            </Button>
          </Popconfirm>
        ) : null
      }
      formFields={(editing, form) => (
        <>
          {!editing && (
            <Form.Item
              name="extension"
              label={t('fields.extension')}
              extra={t('extensions.numberHint')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="display_name" label={t('fields.displayName')}>
            <Input />
          </Form.Item>
          {editing ? (
            <Form.Item name="enabled" label={t('extensions.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : (
            <Form.Item label={t('extensions.sipPassword')} required extra={t('extensions.passwordOnce')}>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item
                  name="password"
                  noStyle
                  rules={[
                    { required: true, message: t('validation.required') },
                    { min: 8, message: t('validation.min8') },
                  ]}
                >
                  <Input autoComplete="off" />
                </Form.Item>
                <Button data-testid="generate-password" onClick={() => form.setFieldValue('password', generatePassword())}>
                  {t('extensions.generate')}
                </Button>
              </Space.Compact>
            </Form.Item>
          )}
        </>
      )}
    />
  );
}
