import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Agent, Skill } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { CrudPage } from '../common/CrudPage';
import { useShowError } from '../common/errors';
import { formatTime } from '../common/format';
import { useList } from '../common/useList';

// Agents and their skills with levels 1-10: PUT /api/v1/agents/{id}/skills replaces the list.
function AgentSkills({ skills }: { skills: Skill[] }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const showError = useShowError();
  const agents = useList<Agent>('/api/v1/agents');
  const [editing, setEditing] = useState<Agent | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();

  const open = (agent: Agent) => {
    setEditing(agent);
    form.setFieldsValue({ skills: agent.skills.map((s) => ({ skill_id: s.skill_id, level: s.level })) });
  };

  const save = async () => {
    if (!editing) return;
    let values: { skills?: { skill_id: number; level: number }[] };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      await api.put(`/api/v1/agents/${editing.id}/skills`, { skills: values.skills ?? [] });
      setEditing(null);
      await agents.reload();
    } catch (error) {
      showError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Table<Agent>
        rowKey="id"
        loading={agents.loading}
        dataSource={agents.items}
        pagination={false}
        columns={[
          { title: t('fields.username'), dataIndex: 'username' },
          { title: t('fields.displayName'), dataIndex: 'display_name' },
          { title: t('fields.extension'), dataIndex: 'extension' },
          {
            title: t('menu.skills'),
            dataIndex: 'skills',
            render: (list: Agent['skills']) =>
              list.map((s) => (
                <Tag color="blue" key={s.skill_id}>
                  {s.name} · {s.level}
                </Tag>
              )),
          },
          {
            title: t('menu.queues'),
            dataIndex: 'queues',
            render: (list: Agent['queues']) => list.map((q) => <Tag key={q.id}>{q.name}</Tag>),
          },
          ...(can('agents.write')
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 1,
                  render: (_: unknown, agent: Agent) => (
                    <Button size="small" onClick={() => open(agent)}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={t('skills.agentSkillsOf', { name: editing?.username ?? '' })}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'save' } as ButtonProps}
        forceRender
      >
        <Form form={form} name="agent-skills-form" layout="vertical">
          <Form.List name="skills">
            {(fields, { add, remove }) => (
              <>
                {fields.map(({ key, name }) => (
                  <Space key={key} align="baseline">
                    <Form.Item name={[name, 'skill_id']} rules={[{ required: true, message: t('validation.required') }]}>
                      <Select style={{ width: 220 }} options={skills.map((s) => ({ value: s.id, label: s.name }))} />
                    </Form.Item>
                    <Form.Item name={[name, 'level']} rules={[{ required: true, message: t('validation.required') }]}>
                      <InputNumber min={1} max={10} addonBefore={t('skills.level')} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ level: 5 })} icon={<PlusOutlined />} block>
                  {t('skills.addSkill')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}

// Skills (ACD-2) and, for those who may read agents, every agent's skills.
export function SkillsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [skills, setSkills] = useState<Skill[]>([]);
  const skillTable = (
    <CrudPage<Skill>
      resource="skill"
      title={t('menu.skills')}
      listPath="/api/v1/skills"
      rowKey={(s) => s.id}
      writeCapability="skills.write"
      describe={(s) => s.name}
      canEdit={() => false}
      onItems={setSkills}
      columns={[
        { title: t('fields.name'), dataIndex: 'name' },
        { title: t('fields.createdAt'), dataIndex: 'created_at', render: formatTime },
      ]}
      formFields={() => (
        <Form.Item name="name" label={t('fields.name')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input />
        </Form.Item>
      )}
    />
  );
  if (!can('agents.read')) return skillTable;
  return (
    <Tabs
      items={[
        { key: 'skills', label: t('menu.skills'), children: skillTable },
        {
          key: 'agents',
          label: t('skills.agents'),
          children: (
            <Card title={t('skills.agents')}>
              <AgentSkills skills={skills} />
            </Card>
          ),
        },
      ]}
    />
  );
}
