// The wallboard's agents (SUP-2): state with its reason, time in state (ticking), the current
// call, today's figures; and per agent: change the state (agent.set_state), send a message, and
// listen / whisper / barge / take over / hang up — shown only when the server offers those
// commands (SUP-1).
import {
  AudioOutlined,
  DownOutlined,
  MessageOutlined,
  PhoneOutlined,
  SoundOutlined,
  StopOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Button, Card, Dropdown, Space, Table, Tag, Typography, type MenuProps } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatDuration } from '../common/format';
import { useNow } from '../common/useNow';
import { CommandButton } from '../cti/CommandButton';
import { useCti } from '../cti/CtiContext';
import { reasonName, STATE_COLORS } from '../cti/labels';
import type { AgentView } from '../cti/protocol';
import { useCommand } from '../cti/useCommand';

interface Props {
  agents: AgentView[];
  names: Map<number, string>;
  onMessage: (agent: AgentView) => void;
}

// The supervision commands that act on an agent's call, when the server has them: listen, whisper
// and barge ring the supervisor's own phone and join it to the agent's call (by extension); take
// over rings it, barges in and hangs the agent's phone up, leaving the customer with the
// supervisor; the hang-up ends the call itself.
const CALL_ACTIONS = [
  { cmd: 'call.listen', icon: <AudioOutlined />, label: 'wall.listen', args: (a: AgentView) => ({ extension: a.extension }) },
  { cmd: 'call.whisper', icon: <SoundOutlined />, label: 'wall.whisper', args: (a: AgentView) => ({ extension: a.extension }) },
  { cmd: 'call.barge', icon: <PhoneOutlined />, label: 'wall.barge', args: (a: AgentView) => ({ extension: a.extension }) },
  { cmd: 'call.take_over', icon: <UserSwitchOutlined />, label: 'wall.takeOver', args: (a: AgentView) => ({ extension: a.extension }) },
  { cmd: 'call.force_hangup', icon: <StopOutlined />, label: 'wall.forceHangup', args: (a: AgentView) => ({ call_id: a.call_id }) },
] as const;

export function AgentBoard({ agents, names, onMessage }: Props) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const { hello, offers } = useCti();
  const { run } = useCommand();
  const now = useNow();
  const reasons = hello?.not_ready_reasons ?? [];

  const stateMenu = (agent: AgentView): MenuProps => ({
    items: [
      { key: 'ready', label: t('cti.state.ready') },
      {
        key: 'not_ready',
        label: t('cti.state.not_ready'),
        children: reasons.map((reason) => ({ key: `not_ready:${reason.code}`, label: zh ? reason.name_zh : reason.name_en })),
      },
      { key: 'logged_out', label: t('wall.logOut') },
    ],
    onClick: ({ key }) => {
      const [state, reason] = key.split(':');
      run('agent.set_state', reason ? { user_id: agent.user_id, state, reason } : { user_id: agent.user_id, state });
    },
  });

  return (
    <Card size="small" title={t('wall.agents')} data-testid="wall-agents">
      <Table<AgentView>
        size="small"
        rowKey="user_id"
        pagination={false}
        dataSource={agents}
        onRow={(agent) => ({ 'data-testid': `wall-agent-${agent.extension}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('desk.extension'), dataIndex: 'extension', width: 90 },
          { title: t('desk.name'), key: 'name', render: (_, agent) => names.get(agent.user_id) ?? '—' },
          {
            title: t('desk.state'),
            key: 'state',
            render: (_, agent) => (
              <Tag color={STATE_COLORS[agent.state]} data-testid={`wall-state-${agent.extension}`} data-state={agent.state}>
                {t(`cti.state.${agent.state}`)}
              </Tag>
            ),
          },
          {
            title: t('wall.reason'),
            key: 'reason',
            render: (_, agent) =>
              agent.state === 'not_ready' ? reasonName(agent.reason, reasons, zh, agent) : agent.reason ? t(`wall.cause.${agent.reason}`, { defaultValue: agent.reason }) : '',
          },
          {
            title: t('wall.inState'),
            key: 'since',
            render: (_, agent) => (
              <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`wall-timer-${agent.extension}`}>
                {agent.state_since ? formatClock(now - agent.state_since) : '—'}
              </Typography.Text>
            ),
          },
          { title: t('wall.currentCall'), key: 'call', render: (_, agent) => agent.caller ?? (agent.call_id ? '…' : '—') },
          { title: t('wall.answeredToday'), dataIndex: 'calls_answered_today' },
          { title: t('wall.talkToday'), key: 'talk', render: (_, agent) => formatDuration(agent.talk_time_today_ms) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, agent) => (
              <Space size={4} wrap>
                {offers('agent.set_state') && (
                  <Dropdown menu={stateMenu(agent)} trigger={['click']}>
                    <Button size="small" data-testid={`wall-set-state-${agent.extension}`}>
                      {t('wall.setState')} <DownOutlined />
                    </Button>
                  </Dropdown>
                )}
                {offers('message.send') && (
                  <Button size="small" icon={<MessageOutlined />} onClick={() => onMessage(agent)} data-testid={`wall-message-${agent.extension}`} />
                )}
                {agent.call_id &&
                  CALL_ACTIONS.map((action) => (
                    <CommandButton key={action.cmd} cmd={action.cmd} size="small" icon={action.icon} hideUnlessOffered
                      onClick={() => run(action.cmd, action.args(agent))}
                      data-testid={`wall-${action.cmd.slice(5)}-${agent.extension}`}>
                      {t(action.label)}
                    </CommandButton>
                  ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
