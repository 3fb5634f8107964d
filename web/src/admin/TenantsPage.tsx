import { Form, Input, InputNumber, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Tenant } from '../api/types';
import { CrudPage } from '../common/CrudPage';
import { formatTime } from '../common/format';

// Tenants (TEN-1, TEN-2; platform operator): a new tenant comes with its first admin; seats cap
// how many of its agents are logged in at once (empty: no limit).
export function TenantsPage() {
  const { t } = useTranslation();
  return (
    <CrudPage<Tenant>
      resource="tenant"
      title={t('menu.tenants')}
      listPath="/api/v1/tenants"
      rowKey={(x) => x.id}
      writeCapability="tenants.write"
      describe={(x) => x.name}
      canDelete={() => false}
      columns={[
        { title: t('fields.id'), dataIndex: 'id', width: 60 },
        {
          title: t('fields.name'),
          dataIndex: 'name',
          render: (name: string, x) => (
            <>
              {name} {x.is_default && <Tag>{t('tenants.default')}</Tag>}
            </>
          ),
        },
        { title: t('settings.sipRealm'), dataIndex: 'sip_realm' },
        { title: t('tenants.seats'), dataIndex: 'seats', render: (s: number | null) => s ?? t('tenants.unlimited') },
        { title: t('fields.createdAt'), dataIndex: 'created_at', render: formatTime },
      ]}
      toFormValues={(x) => ({ name: x.name, seats: x.seats ?? undefined })}
      toBody={(values, editing) => {
        const seats = values.seats === undefined || values.seats === null || values.seats === '' ? null : values.seats;
        if (editing) return { name: values.name, seats };
        const admin = values.admin as { username: string; password: string };
        return { name: values.name, sip_realm: values.sip_realm, seats, admin: { username: admin.username, password: admin.password } };
      }}
      formFields={(editing) => (
        <>
          <Form.Item name="name" label={t('fields.name')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
          {!editing && (
            <Form.Item name="sip_realm" label={t('settings.sipRealm')} extra={t('tenants.realmHint')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input placeholder="acme.example.com" />
            </Form.Item>
          )}
          <Form.Item name="seats" label={t('tenants.seats')} extra={t('tenants.seatsHint')}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} />
          </Form.Item>
          {!editing && (
            <>
              <Form.Item name={['admin', 'username']} label={t('tenants.adminUsername')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item
                name={['admin', 'password']}
                label={t('tenants.adminPassword')}
                rules={[
                  { required: true, message: t('validation.required') },
                  { min: 8, message: t('validation.min8') },
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </>
          )}
        </>
      )}
    />
  );
}
