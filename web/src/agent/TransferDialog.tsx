// Where the current call goes next: one of the tenant's agents (with their live state), a queue
// (with its waiting callers and ready agents), or any extension typed in. An agent or an extension
// is transferred to (blind) or consulted first; a queue is transferred to. The agent's note goes
// along as the call's business data (useHandOver).
import { SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCti } from '../cti/CtiContext';
import { STATE_COLORS, stateLabel } from '../cti/labels';
import type { AgentView, QueueFigures } from '../cti/protocol';
import { HandOverButtons } from './HandOverButtons';
import { useHandOver } from './useHandOver';
import { useLiveDirectory } from './useLiveDirectory';

// Business data is at most 16 KiB of JSON: 4,000 characters fit even in three UTF-8 bytes each.
const NOTE_MAX_CHARS = 4000;

interface Props {
  callId: string;
  open: boolean;
  onClose: () => void;
}

export function TransferDialog({ callId, open, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const { hello } = useCti();
  const directory = useLiveDirectory(open);
  const [extension, setExtension] = useState('');
  const [note, setNote] = useState('');
  const handOver = useHandOver(callId, note, onClose);
  const own = hello?.user.extension;
  const reasons = hello?.not_ready_reasons ?? [];

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
        <HandOverButtons extension={agent.extension} handOver={handOver} disabled={!agent.phone_registered}
          testId={`to-${agent.extension}`} />
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
        <Button size="small" type="primary" icon={<SwapOutlined />} loading={handOver.busy === 'call.transfer'}
          data-testid={`transfer-to-queue-${queue.name}`} onClick={() => handOver.transfer({ queue: queue.name })}>
          {t('desk.transferHere')}
        </Button>
      ),
    },
  ];

  return (
    <Modal open={open} onCancel={onClose} footer={null} width={720} title={t('desk.transferTitle')} destroyOnHidden>
      <div data-testid="transfer-dialog">
        {directory.error ? <Alert type="error" showIcon message={String((directory.error as Error).message)} /> : null}
        <label htmlFor="transfer-note">
          <Typography.Text strong>{t('desk.handOverNote')}</Typography.Text>
        </label>
        <Input.TextArea id="transfer-note" value={note} onChange={(e) => setNote(e.target.value)} rows={2}
          maxLength={NOTE_MAX_CHARS} placeholder={t('desk.handOverNoteHint')} data-testid="transfer-note"
          style={{ margin: '4px 0 8px' }} />
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
                <Space>
                  <Input value={extension} onChange={(e) => setExtension(e.target.value.trim())} style={{ width: 160 }}
                    placeholder={t('desk.extension')} data-testid="transfer-extension" />
                  <HandOverButtons extension={extension} handOver={handOver} disabled={!extension} size="middle"
                    testId="extension-go" />
                </Space>
              ),
            },
          ]}
        />
      </div>
    </Modal>
  );
}
