// Blind transfer of the current call: to one of the tenant's agents (with their live state), to a
// queue (with its waiting callers and ready agents), or to any extension typed in. It sends
// call.transfer with {call_id, extension} or {call_id, queue} and nothing else.
import { SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCti } from '../cti/CtiContext';
import { STATE_COLORS, stateLabel } from '../cti/labels';
import type { AgentView, QueueFigures } from '../cti/protocol';
import { useCommand } from '../cti/useCommand';
import { useLiveDirectory } from './useLiveDirectory';

interface Props {
  callId: string;
  open: boolean;
  onClose: () => void;
}

export function TransferDialog({ callId, open, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const { hello } = useCti();
  const { run, busy } = useCommand();
  const directory = useLiveDirectory(open);
  const [extension, setExtension] = useState('');
  const own = hello?.user.extension;
  const reasons = hello?.not_ready_reasons ?? [];

  const transfer = async (target: { extension: string } | { queue: string }) => {
    const done = await run('call.transfer', { call_id: callId, ...target });
    if (done !== undefined) onClose();
  };

  const agentColumns = [
    { title: t('desk.extension'), dataIndex: 'extension', key: 'extension' },
    {
      title: t('desk.name'),
      key: 'name',
      render: (_: unknown, agent: AgentView) => directory.names.get(agent.user_id) ?? '—',
    },
    {
      title: t('desk.state'),
      key: 'state',
      render: (_: unknown, agent: AgentView) => (
        <Tag color={STATE_COLORS[agent.state]} data-state={agent.state}>
          {stateLabel(t, agent, reasons, zh)}
        </Tag>
      ),
    },
    {
      title: '',
      key: 'go',
      render: (_: unknown, agent: AgentView) => (
        <Button size="small" type="primary" icon={<SwapOutlined />} loading={busy === 'call.transfer'}
          disabled={!agent.phone_registered} data-testid={`transfer-to-${agent.extension}`}
          onClick={() => transfer({ extension: agent.extension })}>
          {t('desk.transferHere')}
        </Button>
      ),
    },
  ];

  const queueColumns = [
    { title: t('desk.queue'), dataIndex: 'name', key: 'name' },
    { title: t('desk.waiting'), dataIndex: 'waiting', key: 'waiting' },
    { title: t('desk.readyAgents'), key: 'ready', render: (_: unknown, queue: QueueFigures) => queue.agents.ready },
    {
      title: '',
      key: 'go',
      render: (_: unknown, queue: QueueFigures) => (
        <Button size="small" type="primary" icon={<SwapOutlined />} loading={busy === 'call.transfer'}
          data-testid={`transfer-to-queue-${queue.name}`} onClick={() => transfer({ queue: queue.name })}>
          {t('desk.transferHere')}
        </Button>
      ),
    },
  ];

  return (
    <Modal open={open} onCancel={onClose} footer={null} width={720} title={t('desk.transferTitle')} destroyOnHidden>
      <div data-testid="transfer-dialog">
        {directory.error ? <Alert type="error" showIcon message={String((directory.error as Error).message)} /> : null}
        <Tabs
          items={[
            {
              key: 'agents',
              label: t('desk.transferToAgent'),
              children: (
                <Table<AgentView> size="small" rowKey="user_id" loading={directory.loading} pagination={false}
                  dataSource={directory.agents.filter((agent) => agent.extension !== own)} columns={agentColumns} />
              ),
            },
            {
              key: 'queues',
              label: t('desk.transferToQueue'),
              children: (
                <Table<QueueFigures> size="small" rowKey="id" loading={directory.loading} pagination={false}
                  dataSource={directory.queues} columns={queueColumns} />
              ),
            },
            {
              key: 'extension',
              label: t('desk.transferToExtension'),
              children: (
                <Space.Compact style={{ width: 320 }}>
                  <Input value={extension} onChange={(e) => setExtension(e.target.value.trim())}
                    placeholder={t('desk.extension')} data-testid="transfer-extension" />
                  <Button type="primary" disabled={!extension} loading={busy === 'call.transfer'}
                    onClick={() => transfer({ extension })} data-testid="transfer-extension-go">
                    {t('desk.transfer')}
                  </Button>
                </Space.Compact>
              ),
            },
          ]}
        />
      </div>
    </Modal>
  );
}
