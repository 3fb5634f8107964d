import { Button, Card, DatePicker, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api/client';
import type { AuditEntry, Page } from '../api/types';
import { useShowError } from '../common/errors';
import { formatTime } from '../common/format';

interface Filters {
  range?: [Dayjs | null, Dayjs | null] | null;
  user?: string;
  action?: string;
  object_type?: string;
  object_id?: string;
  status?: number | null;
}

// Flattens JSON to "a.b.c" → value, so before and after compare field by field.
function flatten(value: unknown, prefix = '', out: Map<string, string> = new Map()): Map<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, '{}');
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix || value !== null) {
    out.set(prefix || '(value)', value === undefined ? '' : JSON.stringify(value));
  }
  return out;
}

interface DiffRow {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  const a = flatten(before);
  const b = flatten(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  return fields.map((field) => {
    const x = a.get(field) ?? '';
    const y = b.get(field) ?? '';
    return { field, before: x, after: y, changed: x !== y };
  });
}

function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  if (entry.before === null && entry.after === null) {
    return <Typography.Text type="secondary">{entry.detail || t('audit.noChange')}</Typography.Text>;
  }
  const rows = auditDiff(entry.before, entry.after);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {entry.detail && <Typography.Text type="secondary">{entry.detail}</Typography.Text>}
      <Table<DiffRow>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={rows}
        data-testid="audit-diff"
        rowClassName={(row) => (row.changed ? 'audit-changed' : '')}
        columns={[
          { title: t('audit.field'), dataIndex: 'field', render: (f: string, row) => (row.changed ? <b>{f}</b> : f) },
          {
            title: t('audit.before'),
            dataIndex: 'before',
            render: (v: string, row) => <span style={row.changed ? { background: '#fff1f0' } : undefined}>{v}</span>,
          },
          {
            title: t('audit.after'),
            dataIndex: 'after',
            render: (v: string, row) => <span style={row.changed ? { background: '#f6ffed' } : undefined}>{v}</span>,
          },
        ]}
      />
    </Space>
  );
}

// The audit log (ADM-5): every change through the API, who, from where, and what it changed.
export function AuditPage() {
  const { t } = useTranslation();
  const showError = useShowError();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [data, setData] = useState<Page<AuditEntry> | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [from, to] = filters.range ?? [null, null];
      const answer = await api.get<Page<AuditEntry>>(
        `/api/v1/audit${query({
          from: from ? from.startOf('day').valueOf() : undefined,
          to: to ? to.endOf('day').valueOf() + 1 : undefined,
          user: filters.user?.trim(),
          action: filters.action?.trim(),
          object_type: filters.object_type?.trim(),
          object_id: filters.object_id?.trim(),
          status: filters.status ?? undefined,
          limit: page.pageSize,
          offset: (page.current - 1) * page.pageSize,
        })}`,
      );
      setData(answer);
    } catch (error) {
      showError(error, form);
    } finally {
      setLoading(false);
    }
  }, [filters, page, showError, form]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Card title={t('menu.audit')}>
      <Form
        form={form}
        name="audit-filters"
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setFilters(values);
          setPage((p) => ({ ...p, current: 1 }));
        }}
      >
        <Form.Item name="range" label={t('audit.when')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="user" label={t('fields.username')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear style={{ width: 220 }} placeholder="PUT /api/v1/queues/{id}" />
        </Form.Item>
        <Form.Item name="object_type" label={t('audit.objectType')}>
          <Input allowClear style={{ width: 120 }} placeholder="queues" />
        </Form.Item>
        <Form.Item name="object_id" label={t('audit.objectId')}>
          <Input allowClear style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="status" label={t('audit.status')}>
          <InputNumber min={100} max={599} style={{ width: 90 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="audit-search">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
              setPage((p) => ({ ...p, current: 1 }));
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        data-testid="audit-table"
        pagination={{
          current: page.current,
          pageSize: page.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (current, pageSize) => setPage({ current, pageSize }),
        }}
        expandable={{ expandedRowRender: (entry) => <AuditDiff entry={entry} /> }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: formatTime, width: 170 },
          { title: t('fields.username'), dataIndex: 'username' },
          { title: t('fields.role'), dataIndex: 'role', render: (r: string) => (r ? t(`roles.${r}`, { defaultValue: r }) : '—') },
          { title: t('audit.address'), dataIndex: 'remote_address' },
          { title: t('audit.action'), dataIndex: 'action', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
          { title: t('audit.object'), key: 'object', render: (_, e) => (e.object_id ? `${e.object_type} #${e.object_id}` : e.object_type) },
          {
            title: t('audit.status'),
            dataIndex: 'status',
            render: (s: number) => <Tag color={s < 300 ? 'green' : s < 500 ? 'orange' : 'red'}>{s}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
