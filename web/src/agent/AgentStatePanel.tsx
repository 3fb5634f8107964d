// The agent's state in the desktop's toolbar: state and time in it (ticking), ready / not ready
// with the tenant's reasons, "ready now" during wrap-up, the work mode, logging in and out. The
// compact form (the embedded toolbar) leaves out the work mode and logging out.
import { CheckCircleOutlined, LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import { Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../common/format';
import { useNow } from '../common/useNow';
import { CommandButton } from '../cti/CommandButton';
import { useCti } from '../cti/CtiContext';
import { reasonName, STATE_COLORS, stateLabel } from '../cti/labels';
import { WORK_MODES, type WorkMode } from '../cti/protocol';
import { useCommand } from '../cti/useCommand';
import { NotReadyPicker } from './NotReadyPicker';

export function AgentStatePanel({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const { agent, hello, offers } = useCti();
  const { run, busy } = useCommand();
  const now = useNow();
  if (!hello) return null;
  if (!agent) {
    return (
      <Typography.Text type="secondary" data-testid="agent-state" data-state="none">
        {t('desk.noQueue')}
      </Typography.Text>
    );
  }
  const reasons = hello.not_ready_reasons;
  const loggedOut = agent.state === 'logged_out';
  const inState = agent.state_since ? now - agent.state_since : null;
  // Ready from not ready, or during a call to cancel a "not ready after this call".
  const mayGoReady = agent.state === 'not_ready' || !!agent.not_ready_after_call;

  return (
    <Space wrap size={compact ? 'small' : 'middle'}>
      <Tag
        color={STATE_COLORS[agent.state]}
        data-testid="agent-state"
        data-state={agent.state}
        style={{ fontSize: compact ? 13 : 15, padding: compact ? '2px 6px' : '4px 10px', margin: 0 }}
      >
        {stateLabel(t, agent, reasons, zh)}
      </Tag>
      <Typography.Text strong data-testid="state-timer" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatClock(inState)}
      </Typography.Text>
      {agent.state === 'wrap_up' && agent.wrap_up_until && (
        <Typography.Text type="secondary">{t('desk.wrapUpLeft', { time: formatClock(agent.wrap_up_until - now) })}</Typography.Text>
      )}
      {agent.not_ready_after_call && (
        <Tag color="orange" data-testid="not-ready-after-call">
          {t('desk.notReadyAfterCall', { reason: reasonName(agent.not_ready_after_call, reasons, zh) })}
        </Tag>
      )}
      {loggedOut ? (
        <CommandButton cmd="agent.login" type="primary" icon={<LoginOutlined />} loading={busy === 'agent.login'}
          onClick={() => run('agent.login')} data-testid="agent-login">
          {t('desk.login')}
        </CommandButton>
      ) : (
        <>
          {agent.state === 'wrap_up' && (
            <CommandButton cmd="agent.ready_now" type="primary" icon={<CheckCircleOutlined />}
              loading={busy === 'agent.ready_now'} onClick={() => run('agent.ready_now')} data-testid="agent-ready-now">
              {t('desk.readyNow')}
            </CommandButton>
          )}
          {agent.state !== 'wrap_up' && (
            <CommandButton cmd="agent.ready" type={mayGoReady ? 'primary' : 'default'} disabled={!mayGoReady}
              icon={<CheckCircleOutlined />}
              loading={busy === 'agent.ready'} onClick={() => run('agent.ready')} data-testid="agent-ready">
              {t('desk.ready')}
            </CommandButton>
          )}
          <NotReadyPicker compact={compact} />
          {!compact && offers('agent.work_mode') && (
            <Select<WorkMode>
              size="middle"
              value={agent.work_mode}
              style={{ width: 150 }}
              data-testid="work-mode"
              onChange={(mode) => run('agent.work_mode', { work_mode: mode })}
              options={WORK_MODES.map((mode) => ({ value: mode, label: t(`cti.workMode.${mode}`) }))}
            />
          )}
          {!compact && (
            <CommandButton cmd="agent.logout" icon={<LogoutOutlined />} loading={busy === 'agent.logout'}
              onClick={() => run('agent.logout')} data-testid="agent-logout">
              {t('desk.logoutQueues')}
            </CommandButton>
          )}
        </>
      )}
    </Space>
  );
}
