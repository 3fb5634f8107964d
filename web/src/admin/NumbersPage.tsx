import { AutoComplete, Form, Input, Select, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Extension, Flow, NumberRoute, Queue, Trunk, VoicemailBox } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { CrudPage } from '../common/CrudPage';
import { formatTime } from '../common/format';
import { useList } from '../common/useList';

const TARGET_TYPES = ['extension', 'ring_all', 'flow', 'queue', 'voicemail', 'conference'];

// Numbers and DIDs (ADM-2): where a dialled pattern sends the caller, from which trunk, and
// whether anonymous SIP callers may reach it.
export function NumbersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const trunks = useList<Trunk>(can('trunks.read') ? '/api/v1/trunks' : null);
  const queues = useList<Queue>(can('queues.read') ? '/api/v1/queues' : null);
  const flows = useList<Flow>(can('flows.read') ? '/api/v1/flows' : null);
  const extensions = useList<Extension>(can('extensions.read') ? '/api/v1/extensions' : null);
  const boxes = useList<VoicemailBox>(can('voicemail.read') ? '/api/v1/voicemail/boxes' : null);
  const trunkName = (id: number | null) => (id === null ? t('numbers.anyTrunk') : (trunks.items.find((x) => x.id === id)?.name ?? `#${id}`));
  const suggestions = (type: string | undefined): { value: string }[] => {
    switch (type) {
      case 'queue':
        return queues.items.map((q) => ({ value: q.name }));
      case 'flow':
        return flows.items.map((f) => ({ value: f.name }));
      case 'voicemail':
        return boxes.items.map((b) => ({ value: b.name }));
      case 'extension':
        return extensions.items.map((e) => ({ value: e.extension }));
      default:
        return [];
    }
  };

  return (
    <CrudPage<NumberRoute>
      resource="number"
      title={t('menu.numbers')}
      listPath="/api/v1/numbers"
      rowKey={(n) => n.id}
      writeCapability="numbers.write"
      describe={(n) => n.pattern}
      columns={[
        { title: t('numbers.pattern'), dataIndex: 'pattern' },
        { title: t('numbers.targetType'), dataIndex: 'target_type', render: (type: string) => t(`numbers.types.${type}`) },
        { title: t('numbers.target'), dataIndex: 'target' },
        { title: t('numbers.trunk'), dataIndex: 'trunk_id', render: trunkName },
        {
          title: t('numbers.public'),
          dataIndex: 'public',
          render: (value: boolean | undefined) => (value ? <Tag color="orange">{t('numbers.publicYes')}</Tag> : '—'),
        },
        { title: t('fields.createdAt'), dataIndex: 'created_at', render: formatTime },
      ]}
      initialValues={{ target_type: 'queue', public: false }}
      toFormValues={(n) => ({ ...n, public: !!n.public, trunk_id: n.trunk_id ?? undefined })}
      toBody={(values) => ({
        pattern: values.pattern,
        target_type: values.target_type,
        target: values.target,
        trunk_id: values.trunk_id ?? null,
        public: !!values.public,
      })}
      formFields={() => (
        <>
          <Form.Item
            name="pattern"
            label={t('numbers.pattern')}
            extra={t('numbers.patternHint')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="target_type" label={t('numbers.targetType')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={TARGET_TYPES.map((type) => ({ value: type, label: t(`numbers.types.${type}`) }))} />
          </Form.Item>
          <Form.Item noStyle dependencies={['target_type']}>
            {({ getFieldValue }) => (
              <Form.Item
                name="target"
                label={t('numbers.target')}
                extra={t(`numbers.targetHints.${getFieldValue('target_type') ?? 'extension'}`)}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <AutoComplete options={suggestions(getFieldValue('target_type'))} filterOption />
              </Form.Item>
            )}
          </Form.Item>
          <Form.Item name="trunk_id" label={t('numbers.trunk')} extra={t('numbers.trunkHint')}>
            <Select allowClear options={trunks.items.map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="public" label={t('numbers.public')} extra={t('numbers.publicHint')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </>
      )}
    />
  );
}
