import { Form, Input, InputNumber, Segmented, Select, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallerListEntry } from '../api/types';
import { CrudPage } from '../common/CrudPage';
import { formatTime } from '../common/format';

const KINDS = ['blacklist', 'whitelist', 'vip'] as const;
const COLORS: Record<string, string> = { blacklist: 'red', whitelist: 'green', vip: 'gold' };

// Caller lists (ACD-6): blacklisted callers get 486, whitelisted ones reach flows marked, VIPs
// jump ahead in queues by their priority.
export function CallerListsPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<string>('all');
  return (
    <CrudPage<CallerListEntry>
      key={kind}
      resource="caller-list"
      title={t('menu.callerLists')}
      listPath={kind === 'all' ? '/api/v1/caller-lists' : `/api/v1/caller-lists?kind=${kind}`}
      itemPath={(e) => `/api/v1/caller-lists/${e.id}`}
      rowKey={(e) => e.id}
      writeCapability="caller_lists.write"
      describe={(e) => e.number}
      canEdit={() => false}
      extra={
        <Segmented
          value={kind}
          onChange={(value) => setKind(String(value))}
          options={[{ value: 'all', label: t('callerLists.all') }, ...KINDS.map((k) => ({ value: k, label: t(`callerLists.kinds.${k}`) }))]}
        />
      }
      columns={[
        { title: t('callerLists.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={COLORS[k]}>{t(`callerLists.kinds.${k}`)}</Tag> },
        { title: t('callerLists.number'), dataIndex: 'number' },
        { title: t('callerLists.priority'), dataIndex: 'priority' },
        { title: t('callerLists.note'), dataIndex: 'note' },
        { title: t('fields.createdAt'), dataIndex: 'created_at', render: formatTime },
      ]}
      initialValues={{ kind: kind === 'all' ? 'blacklist' : kind, priority: 1 }}
      toBody={(values) => ({
        kind: values.kind,
        number: values.number,
        priority: values.priority ?? 0,
        note: values.note ?? '',
      })}
      formFields={() => (
        <>
          <Form.Item name="kind" label={t('callerLists.kind')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`callerLists.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item
            name="number"
            label={t('callerLists.number')}
            extra={t('numbers.patternHint')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="priority" label={t('callerLists.priority')} extra={t('callerLists.priorityHint')}>
            <InputNumber min={0} max={1000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="note" label={t('callerLists.note')}>
            <Input />
          </Form.Item>
        </>
      )}
    />
  );
}
