import { Badge, Col, Form, Input, InputNumber, Row, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NotReadyReason } from '../api/types';
import { CrudPage } from '../common/CrudPage';

// Not-ready reasons (ACD-9): the codes agents give when they step away.
export function ReasonsPage() {
  const { t, i18n } = useTranslation();
  const yesNo = (value: boolean) =>
    value ? <Badge status="success" text={t('common.yes')} /> : <Badge status="default" text={t('common.no')} />;
  return (
    <CrudPage<NotReadyReason>
      resource="reason"
      title={t('menu.reasons')}
      listPath="/api/v1/not-ready-reasons"
      rowKey={(r) => r.id}
      writeCapability="reasons.write"
      describe={(r) => (i18n.language === 'zh-CN' ? r.name_zh : r.name_en || r.name_zh)}
      columns={[
        { title: t('reasons.code'), dataIndex: 'code' },
        { title: t('reasons.nameZh'), dataIndex: 'name_zh' },
        { title: t('reasons.nameEn'), dataIndex: 'name_en' },
        { title: t('reasons.productive'), dataIndex: 'productive', render: yesNo },
        { title: t('reasons.maxMinutes'), dataIndex: 'max_minutes', render: (m: number | null) => m ?? '—' },
        { title: t('reasons.enabled'), dataIndex: 'enabled', render: yesNo },
        { title: t('reasons.sortOrder'), dataIndex: 'sort_order' },
      ]}
      initialValues={{ productive: false, enabled: true, sort_order: 0 }}
      toBody={(values, editing) => {
        const body: Record<string, unknown> = {
          name_zh: values.name_zh,
          name_en: values.name_en ?? '',
          productive: !!values.productive,
          max_minutes: values.max_minutes ?? null,
          enabled: !!values.enabled,
          sort_order: values.sort_order ?? 0,
        };
        if (!editing || values.code !== editing.code) body.code = values.code;
        return body;
      }}
      formFields={() => (
        <>
          <Form.Item
            name="code"
            label={t('reasons.code')}
            extra={t('reasons.codeHint')}
            rules={[
              { required: true, message: t('validation.required') },
              { pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('reasons.codeHint') },
            ]}
          >
            <Input />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="name_zh" label={t('reasons.nameZh')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="name_en" label={t('reasons.nameEn')}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="max_minutes" label={t('reasons.maxMinutes')} extra={t('reasons.emptyNoLimit')}>
                <InputNumber min={1} max={1440} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="sort_order" label={t('reasons.sortOrder')}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="productive" label={t('reasons.productive')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="enabled" label={t('reasons.enabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    />
  );
}
