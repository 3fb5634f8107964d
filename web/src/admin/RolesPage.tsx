import { Checkbox, Col, Form, Input, Row, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { CrudPage } from '../common/CrudPage';
import { useList } from '../common/useList';

// The capability checklist, grouped by what comes before the first dot (calls, queues, ...).
export function CapabilityChecklist({ capabilities }: { capabilities: string[] }) {
  const groups = useMemo(() => {
    const byPrefix = new Map<string, string[]>();
    for (const capability of [...capabilities].sort()) {
      const prefix = capability.split('.')[0];
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), capability]);
    }
    return [...byPrefix.entries()];
  }, [capabilities]);
  return (
    <div style={{ maxHeight: 360, overflowY: 'auto', border: '1px solid #f0f0f0', padding: 12, borderRadius: 6 }}>
      {groups.map(([prefix, list]) => (
        <div key={prefix} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{prefix}</Typography.Text>
          <Row>
            {list.map((capability) => (
              <Col span={12} key={capability}>
                <Checkbox value={capability}>{capability}</Checkbox>
              </Col>
            ))}
          </Row>
        </div>
      ))}
    </div>
  );
}

// Roles (ADM-1): the built-in ones are shown read-only; a tenant's own are made from the
// capabilities GET /api/v1/capabilities offers.
export function RolesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const capabilities = useList<string>(can('roles.read') ? '/api/v1/capabilities' : null);

  return (
    <CrudPage<Role>
      resource="role"
      title={t('menu.roles')}
      listPath="/api/v1/roles"
      itemPath={(r) => `/api/v1/roles/${encodeURIComponent(r.name)}`}
      rowKey={(r) => r.name}
      writeCapability="roles.write"
      describe={(r) => r.name}
      canEdit={(r) => !r.builtin}
      canDelete={(r) => !r.builtin}
      formWidth={720}
      columns={[
        {
          title: t('fields.name'),
          dataIndex: 'name',
          render: (name: string, r) => (
            <Space>
              {t(`roles.${name}`, { defaultValue: name })}
              {r.builtin ? <Tag color="default">{t('roles.builtin')}</Tag> : <Tag color="green">{t('roles.custom')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('roles.capabilities'),
          dataIndex: 'capabilities',
          render: (list: string[]) => (
            <Typography.Paragraph ellipsis={{ rows: 2, expandable: true, symbol: t('common.more') }} style={{ margin: 0 }}>
              {list.join(', ')}
            </Typography.Paragraph>
          ),
        },
      ]}
      initialValues={{ capabilities: [] }}
      toFormValues={(r) => ({ capabilities: r.capabilities })}
      toBody={(values, editing) =>
        editing ? { capabilities: values.capabilities } : { name: values.name, capabilities: values.capabilities }
      }
      formFields={(editing) => (
        <>
          {!editing && (
            <Form.Item
              name="name"
              label={t('fields.name')}
              extra={t('roles.nameHint')}
              rules={[
                { required: true, message: t('validation.required') },
                { pattern: /^[a-z0-9_-]{1,40}$/, message: t('roles.nameHint') },
              ]}
            >
              <Input />
            </Form.Item>
          )}
          <Form.Item name="capabilities" label={t('roles.capabilities')}>
            <Checkbox.Group style={{ width: '100%' }}>
              <CapabilityChecklist capabilities={capabilities.items} />
            </Checkbox.Group>
          </Form.Item>
        </>
      )}
    />
  );
}
