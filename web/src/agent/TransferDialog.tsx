// Where the current call goes next (PBX-3): one of the tenant's agents (with their live state), a
// queue (with its waiting callers and ready agents), or a number typed in — whatever the agent's
// phone could dial: a colleague's extension, an IVR flow's or a queue's number, a ring group, an
// outside number with the outside-line prefix (the server routes it as the phone would). Each is
// transferred to (blind) or consulted first; the agent's note goes along as the call's business
// data (useHandOver). Opened to add a party to the desk conference, it only consults: the party
// then joins with call.three_way.
import { Alert, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCti } from '../cti/CtiContext';
import { STATE_COLORS, stateLabel } from '../cti/labels';
import type { AgentView, QueueFigures } from '../cti/protocol';
import { HandOverButtons } from './HandOverButtons';
import { useHandOver, type HandOver } from './useHandOver';
import { useLiveDirectory, type LiveDirectory } from './useLiveDirectory';

// Business data is at most 16 KiB of JSON: 4,000 characters fit even in three UTF-8 bytes each.
const NOTE_MAX_CHARS = 4000;
// As call.dial takes a number: 1–32 of 0-9 * # +.
const NUMBER_MAX_CHARS = 32;

interface TabProps {
  directory: LiveDirectory;
  handOver: HandOver;
}

function AgentsTab({ directory, handOver }: TabProps) {
  const { t, i18n } = useTranslation();
  const { hello } = useCti();
  const own = hello?.user.extension;
  const reasons = hello?.not_ready_reasons ?? [];
  const zh = i18n.language === 'zh-CN';
  const columns = [
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
        <HandOverButtons destination={{ extension: agent.extension }} handOver={handOver}
          disabled={!agent.phone_registered} testId={`to-${agent.extension}`} />
      ),
    },
  ];
  return (
    <Table<AgentView> size="small" rowKey="user_id" loading={directory.loading} pagination={false}
      dataSource={directory.agents.filter((agent) => agent.extension !== own)} columns={columns} />
  );
}

function QueuesTab({ directory, handOver }: TabProps) {
  const { t } = useTranslation();
  const columns = [
    { title: t('desk.queue'), dataIndex: 'name', key: 'name' },
    { title: t('desk.waiting'), dataIndex: 'waiting', key: 'waiting' },
    { title: t('desk.readyAgents'), key: 'ready', render: (_: unknown, queue: QueueFigures) => queue.agents.ready },
    {
      title: '',
      key: 'go',
      render: (_: unknown, queue: QueueFigures) => (
        <HandOverButtons destination={{ queue: queue.name }} handOver={handOver} testId={`to-queue-${queue.name}`} />
      ),
    },
  ];
  return (
    <Table<QueueFigures> size="small" rowKey="id" loading={directory.loading} pagination={false}
      dataSource={directory.queues} columns={columns} />
  );
}

function NumberTab({ handOver }: { handOver: HandOver }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  return (
    <Space direction="vertical" size="small" data-testid="transfer-number-tab">
      <Space>
        <Input value={number} onChange={(e) => setNumber(e.target.value.replace(/[^0-9*#+]/g, ''))}
          maxLength={NUMBER_MAX_CHARS} style={{ width: 200 }} placeholder={t('desk.numberOrExtension')}
          data-testid="transfer-number" />
        <HandOverButtons destination={{ number }} handOver={handOver} disabled={!number} size="middle"
          testId="number-go" />
      </Space>
      <Typography.Text type="secondary" data-testid="transfer-number-hint">
        {t('desk.numberHint')}
      </Typography.Text>
    </Space>
  );
}

interface Props {
  callId: string;
  open: boolean;
  onClose: () => void;
  addingParty?: boolean;
}

export function TransferDialog({ callId, open, onClose, addingParty = false }: Props) {
  const { t } = useTranslation();
  const directory = useLiveDirectory(open);
  const [note, setNote] = useState('');
  const handOver = useHandOver(callId, note, onClose, addingParty);
  const title = addingParty ? t('desk.consultation.addPartyTitle') : t('desk.transferTitle');

  return (
    <Modal open={open} onCancel={onClose} footer={null} width={720} title={title} destroyOnHidden>
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
              label: <span data-testid="transfer-tab-agents">{t('desk.transferToAgent')}</span>,
              children: <AgentsTab directory={directory} handOver={handOver} />,
            },
            {
              key: 'queues',
              label: <span data-testid="transfer-tab-queues">{t('desk.transferToQueue')}</span>,
              children: <QueuesTab directory={directory} handOver={handOver} />,
            },
            {
              key: 'number',
              label: <span data-testid="transfer-tab-number">{t('desk.transferToNumber')}</span>,
              children: <NumberTab handOver={handOver} />,
            },
          ]}
        />
      </div>
    </Modal>
  );
}
