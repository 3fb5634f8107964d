import { AutoComplete, Col, Form, Input, InputNumber, Row, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Agent, Flow, MusicClass, Queue, Skill } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { CrudPage } from '../common/CrudPage';
import { useList } from '../common/useList';

const STRATEGIES = ['ring_all', 'round_robin', 'longest_idle', 'fewest_calls', 'least_talk_time', 'skill_level'];
const OVERFLOW_KINDS = ['queue', 'voicemail', 'external_number', 'flow'];

// The form shows seconds; the API's fields are milliseconds (the item names stay the API's, so a
// 400 naming ring_timeout_ms lands under that field).
const SECONDS_FIELDS = ['max_wait_ms', 'ring_timeout_ms', 'wrap_up_ms', 'announce_interval_ms'] as const;

// ACD queues (ACD-1..3): strategy, timeouts, wrap-up, overflow, who serves it and the service
// level's threshold for the wallboard (SUP-2). Members are saved with PUT /queues/{id}/members
// after the queue itself.
export function QueuesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const skills = useList<Skill>(can('skills.read') ? '/api/v1/skills' : null);
  const agents = useList<Agent>(can('agents.read') ? '/api/v1/agents' : null);
  const flows = useList<Flow>(can('flows.read') ? '/api/v1/flows' : null);
  const music = useList<MusicClass>(can('moh.read') ? '/api/v1/moh' : null);
  const agentName = (id: number) => {
    const agent = agents.items.find((a) => a.id === id);
    return agent ? `${agent.display_name || agent.username} (${agent.extension})` : `#${id}`;
  };

  return (
    <CrudPage<Queue>
      resource="queue"
      title={t('menu.queues')}
      listPath="/api/v1/queues"
      rowKey={(q) => q.id}
      writeCapability="queues.write"
      describe={(q) => q.name}
      formWidth={760}
      columns={[
        { title: t('fields.name'), dataIndex: 'name' },
        { title: t('queues.strategy'), dataIndex: 'strategy', render: (s: string) => t(`queues.strategies.${s}`) },
        {
          title: t('queues.members'),
          dataIndex: 'members',
          render: (members: number[]) => members.map((id) => <Tag key={id}>{agentName(id)}</Tag>),
        },
        { title: t('queues.ringTimeout'), dataIndex: 'ring_timeout_ms', render: (ms: number) => `${ms / 1000} s` },
        { title: t('queues.wrapUp'), dataIndex: 'wrap_up_ms', render: (ms: number) => `${ms / 1000} s` },
        { title: t('queues.serviceLevel'), dataIndex: 'service_level_s', render: (s: number) => `${s} s` },
        {
          title: t('queues.overflow'),
          dataIndex: 'overflow',
          render: (o: Queue['overflow']) => (o ? `${t(`queues.overflowKinds.${o.kind}`)}: ${o.target}` : '—'),
        },
      ]}
      initialValues={{
        strategy: 'longest_idle',
        min_level: 1,
        ring_timeout_ms: 20,
        wrap_up_ms: 10,
        max_wait_ms: 300,
        max_length: 0,
        max_misses: 3,
        announce_interval_ms: 30,
        service_level_s: 20,
        music_class: 'default',
        overflow: { kind: 'none' },
        members: [],
      }}
      toFormValues={(q) => {
        const values: Record<string, unknown> = { ...q, overflow: q.overflow ?? { kind: 'none' } };
        for (const field of SECONDS_FIELDS) values[field] = q[field] / 1000;
        return values;
      }}
      toBody={(values) => {
        const overflow = values.overflow as { kind: string; target?: string } | undefined;
        const body: Record<string, unknown> = {
          name: values.name,
          strategy: values.strategy,
          skill_id: values.skill_id ?? null,
          min_level: values.min_level,
          max_length: values.max_length,
          max_misses: values.max_misses,
          service_level_s: values.service_level_s,
          music_class: values.music_class || 'default',
          survey_flow: values.survey_flow || null,
          overflow: overflow && overflow.kind !== 'none' ? { kind: overflow.kind, target: overflow.target ?? '' } : null,
        };
        for (const field of SECONDS_FIELDS) body[field] = Math.round(Number(values[field] ?? 0) * 1000);
        return body;
      }}
      afterSave={async (saved, values) => {
        const members = (values.members as number[] | undefined) ?? [];
        const same = saved.members && [...saved.members].sort().join() === [...members].sort().join();
        if (!same) await api.put(`/api/v1/queues/${saved.id}/members`, { user_ids: members });
        await agents.reload();
      }}
      formFields={() => (
        <>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="name" label={t('fields.name')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="strategy" label={t('queues.strategy')} rules={[{ required: true, message: t('validation.required') }]}>
                <Select options={STRATEGIES.map((s) => ({ value: s, label: t(`queues.strategies.${s}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="members" label={t('queues.members')} extra={t('queues.membersHint')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={agents.items.map((a) => ({ value: a.id, label: `${a.display_name || a.username} (${a.extension})` }))}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="skill_id" label={t('queues.skill')} extra={t('queues.skillHint')}>
                <Select allowClear options={skills.items.map((s) => ({ value: s.id, label: s.name }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="min_level" label={t('queues.minLevel')}>
                <InputNumber min={1} max={10} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="ring_timeout_ms" label={t('queues.ringTimeoutS')} rules={[{ required: true, message: t('validation.required') }]}>
                <InputNumber min={1} max={600} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="wrap_up_ms" label={t('queues.wrapUpS')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="max_wait_ms" label={t('queues.maxWaitS')} extra={t('queues.zeroNoLimit')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="max_length" label={t('queues.maxLength')} extra={t('queues.zeroNoLimit')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="max_misses" label={t('queues.maxMisses')}>
                <InputNumber min={1} max={100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="announce_interval_ms" label={t('queues.announceS')} extra={t('queues.zeroNever')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name={['overflow', 'kind']} label={t('queues.overflow')}>
                <Select
                  options={[
                    { value: 'none', label: t('queues.overflowKinds.none') },
                    ...OVERFLOW_KINDS.map((k) => ({ value: k, label: t(`queues.overflowKinds.${k}`) })),
                  ]}
                />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item noStyle dependencies={[['overflow', 'kind']]}>
                {({ getFieldValue }) =>
                  getFieldValue(['overflow', 'kind']) !== 'none' ? (
                    <Form.Item
                      name={['overflow', 'target']}
                      label={t('queues.overflowTarget')}
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <Input />
                    </Form.Item>
                  ) : null
                }
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="service_level_s" label={t('queues.serviceLevelS')} extra={t('queues.serviceLevelHint')}>
                <InputNumber min={1} max={3600} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="music_class" label={t('queues.musicClass')}>
                <AutoComplete
                  options={[{ value: 'default' }, ...music.items.filter((m) => m.name !== 'default').map((m) => ({ value: m.name }))]}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="survey_flow" label={t('queues.surveyFlow')}>
                <Select allowClear options={flows.items.map((f) => ({ value: f.name, label: f.name }))} />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    />
  );
}
