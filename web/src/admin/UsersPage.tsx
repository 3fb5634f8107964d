import { Form, Input, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Extension, Role, UserAccount } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { CrudPage } from '../common/CrudPage';
import { formatTime } from '../common/format';
import { useList } from '../common/useList';

// Users (ADM-1): username, name, role, the extension that makes them an agent, and a password
// reset. The server refuses roles granting more than the admin has, and one's own role change.
export function UsersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const roles = useList<Role>(can('roles.read') ? '/api/v1/roles' : null);
  const extensions = useList<Extension>(can('extensions.read') ? '/api/v1/extensions' : null);
  const roleLabel = (name: string) => t(`roles.${name}`, { defaultValue: name });

  return (
    <CrudPage<UserAccount>
      resource="user"
      title={t('menu.users')}
      listPath="/api/v1/users"
      rowKey={(u) => u.id}
      writeCapability="users.write"
      describe={(u) => u.username}
      columns={[
        { title: t('fields.username'), dataIndex: 'username' },
        { title: t('fields.displayName'), dataIndex: 'display_name' },
        { title: t('fields.role'), dataIndex: 'role', render: (role: string) => <Tag>{roleLabel(role)}</Tag> },
        { title: t('fields.extension'), dataIndex: 'extension', render: (e: string | null) => e ?? '—' },
        { title: t('fields.createdAt'), dataIndex: 'created_at', render: formatTime },
      ]}
      initialValues={{ role: 'agent' }}
      toFormValues={(u) => ({ display_name: u.display_name, role: u.role, extension: u.extension ?? undefined })}
      toBody={(values, editing) => {
        const body: Record<string, unknown> = {
          display_name: values.display_name ?? '',
          role: values.role,
          extension: values.extension ?? null,
        };
        if (!editing) body.username = values.username;
        if (values.password) body.password = values.password;
        return body;
      }}
      formFields={(editing) => (
        <>
          {!editing && (
            <Form.Item name="username" label={t('fields.username')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="display_name" label={t('fields.displayName')}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('fields.role')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select
              showSearch
              options={roles.items.map((r) => ({ value: r.name, label: roleLabel(r.name) }))}
            />
          </Form.Item>
          <Form.Item name="extension" label={t('fields.extension')} extra={t('users.extensionHint')}>
            <Select
              allowClear
              showSearch
              options={extensions.items.map((e) => ({
                value: e.extension,
                label: e.display_name ? `${e.extension} ${e.display_name}` : e.extension,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={editing ? t('users.resetPassword') : t('fields.password')}
            extra={editing ? t('users.resetPasswordHint') : undefined}
            rules={[
              { required: !editing, message: t('validation.required') },
              { min: 8, message: t('validation.min8') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </>
      )}
    />
  );
}
