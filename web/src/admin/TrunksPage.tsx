import { Badge, Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Trunk } from '../api/types';
import { CrudPage } from '../common/CrudPage';

// SIP trunks (PBX-8): the password is write-only; left empty on an edit it is kept.
export function TrunksPage() {
  const { t } = useTranslation();
  return (
    <CrudPage<Trunk>
      resource="trunk"
      title={t('menu.trunks')}
      listPath="/api/v1/trunks"
      rowKey={(x) => x.id}
      writeCapability="trunks.write"
      describe={(x) => x.name}
      columns={[
        { title: t('fields.name'), dataIndex: 'name' },
        { title: t('trunks.host'), dataIndex: 'host' },
        { title: t('trunks.port'), dataIndex: 'port' },
        { title: t('trunks.transport'), dataIndex: 'transport', render: (v: string) => v.toUpperCase() },
        { title: t('trunks.username'), dataIndex: 'username', render: (v: string | null) => v ?? '—' },
        { title: t('trunks.hasPassword'), dataIndex: 'has_password', render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
        {
          title: t('trunks.enabled'),
          dataIndex: 'enabled',
          render: (v: boolean) => (v ? <Badge status="success" text={t('common.yes')} /> : <Badge status="default" text={t('common.no')} />),
        },
      ]}
      initialValues={{ port: 5060, transport: 'udp', enabled: true }}
      toFormValues={(x) => ({ ...x, username: x.username ?? '', password: '', clear_password: false })}
      toBody={(values, editing) => {
        const body: Record<string, unknown> = {
          name: values.name,
          host: values.host,
          port: values.port,
          transport: values.transport,
          username: values.username ? values.username : null,
          enabled: !!values.enabled,
        };
        if (values.password) body.password = values.password;
        else if (editing && values.clear_password) body.password = null;
        return body;
      }}
      formFields={(editing) => (
        <>
          <Form.Item name="name" label={t('fields.name')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="host" label={t('trunks.host')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="port" label={t('trunks.port')}>
                <InputNumber min={1} max={65535} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="transport" label={t('trunks.transport')}>
                <Select options={[{ value: 'udp', label: 'UDP' }, { value: 'tcp', label: 'TCP' }]} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="username" label={t('trunks.username')}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="password" label={t('trunks.password')} extra={editing ? t('trunks.passwordKept') : undefined}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="enabled" label={t('trunks.enabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            {editing?.has_password && (
              <Col span={12}>
                <Form.Item name="clear_password" label={t('trunks.clearPassword')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            )}
          </Row>
        </>
      )}
    />
  );
}
