import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OutboundRoute, Trunk } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { CrudPage } from '../common/CrudPage';
import { useList } from '../common/useList';

// Outbound routes (PBX-8): which trunk carries which dialled numbers, when, at what cost, with
// what caller ID; the fields of `hotline route add`.
export function OutboundRoutesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const trunks = useList<Trunk>(can('trunks.read') ? '/api/v1/trunks' : null);
  return (
    <CrudPage<OutboundRoute>
      resource="route"
      title={t('menu.outboundRoutes')}
      listPath="/api/v1/outbound-routes"
      rowKey={(r) => r.id}
      writeCapability="outbound_routes.write"
      describe={(r) => r.pattern}
      formWidth={720}
      columns={[
        { title: t('routes.pattern'), dataIndex: 'pattern' },
        { title: t('routes.trunk'), dataIndex: 'trunk_name', render: (name: string | null, r) => name ?? `#${r.trunk_id}` },
        { title: t('routes.priority'), dataIndex: 'priority' },
        { title: t('routes.cost'), dataIndex: 'cost_per_minute' },
        { title: t('routes.strip'), dataIndex: 'strip_digits' },
        { title: t('routes.prepend'), dataIndex: 'prepend' },
        { title: t('routes.days'), dataIndex: 'days' },
        { title: t('routes.window'), key: 'window', render: (_, r) => (r.from && r.to ? `${r.from}–${r.to}` : '—') },
        { title: t('routes.callerId'), dataIndex: 'caller_id' },
      ]}
      initialValues={{ priority: 100, strip_digits: 0, prepend: '', cost_per_minute: 0, days: 'all', caller_id: 'keep' }}
      toBody={(values) => {
        const body: Record<string, unknown> = {
          pattern: values.pattern,
          trunk_id: values.trunk_id,
          priority: values.priority ?? 100,
          strip_digits: values.strip_digits ?? 0,
          prepend: values.prepend ?? '',
          cost_per_minute: values.cost_per_minute ?? 0,
          days: values.days || 'all',
          caller_id: values.caller_id || 'keep',
        };
        if (values.from || values.to) {
          body.from = values.from ?? '';
          body.to = values.to ?? '';
        } else {
          body.from = '00:00';
          body.to = '00:00';
        }
        return body;
      }}
      formFields={() => (
        <>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="pattern" label={t('routes.pattern')} extra={t('numbers.patternHint')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="trunk_id" label={t('routes.trunk')} rules={[{ required: true, message: t('validation.required') }]}>
                <Select options={trunks.items.map((x) => ({ value: x.id, label: x.name }))} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item name="priority" label={t('routes.priority')} extra={t('routes.priorityHint')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="cost_per_minute" label={t('routes.cost')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="strip_digits" label={t('routes.strip')}>
                <InputNumber min={0} max={32} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="prepend" label={t('routes.prepend')}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="days" label={t('routes.days')} extra={t('routes.daysHint')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="from" label={t('routes.from')} extra={t('routes.timeHint')}>
                <Input placeholder="08:00" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="to" label={t('routes.to')}>
                <Input placeholder="18:00" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="caller_id" label={t('routes.callerId')} extra={t('routes.callerIdHint')}>
            <Input />
          </Form.Item>
        </>
      )}
    />
  );
}
