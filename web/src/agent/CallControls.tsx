// The controls of the call at the agent's phone: while it rings, "answer on your phone" (the phone
// answers, PBX-2); while talking, the talk time, hang up, hold / retrieve and transfer, and the
// controls the server does not offer yet (consult, conference, park) disabled with the reason.
import {
  PauseCircleOutlined,
  PhoneOutlined,
  PlayCircleOutlined,
  SwapOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  VerticalAlignBottomOutlined,
} from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../common/format';
import { useNow } from '../common/useNow';
import { CommandButton } from '../cti/CommandButton';
import { useCti } from '../cti/CtiContext';
import { useCommand } from '../cti/useCommand';
import { InlineTransfer } from './InlineTransfer';
import { TransferDialog } from './TransferDialog';

export function CallControls({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { current } = useCti();
  const { run, busy } = useCommand();
  const [transferOpen, setTransferOpen] = useState(false);
  const now = useNow();

  if (!current) {
    return (
      <Typography.Text type="secondary" data-testid="call-state" data-state="idle">
        {t('desk.noCall')}
      </Typography.Text>
    );
  }
  const callId = current.call_id;
  const talking = current.state === 'talking';
  const state = current.held ? 'held' : talking ? 'talking' : 'ringing';
  if (compact && transferOpen) return <InlineTransfer callId={callId} onDone={() => setTransferOpen(false)} />;

  return (
    <Space wrap size={compact ? 'small' : 'middle'}>
      <Tag color={state === 'held' ? 'orange' : talking ? 'blue' : 'gold'} data-testid="call-state" data-state={state}
        icon={<PhoneOutlined />} style={{ margin: 0 }}>
        {t(`desk.callState.${state}`)} {current.caller}
      </Tag>
      {talking ? (
        <Typography.Text strong data-testid="talk-timer" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatClock(current.answered_at ? now - current.answered_at : null)}
        </Typography.Text>
      ) : (
        <Typography.Text type="warning" strong data-testid="answer-on-phone">
          {t('desk.answerOnPhone')}
        </Typography.Text>
      )}
      {talking && (
        <>
          <CommandButton cmd="call.hangup" danger type="primary" loading={busy === 'call.hangup'}
            onClick={() => run('call.hangup', { call_id: callId })} data-testid="call-hangup">
            {t('desk.hangup')}
          </CommandButton>
          {current.held ? (
            <CommandButton cmd="call.retrieve" icon={<PlayCircleOutlined />} loading={busy === 'call.retrieve'}
              onClick={() => run('call.retrieve', { call_id: callId })} data-testid="call-retrieve">
              {t('desk.retrieve')}
            </CommandButton>
          ) : (
            <CommandButton cmd="call.hold" icon={<PauseCircleOutlined />} loading={busy === 'call.hold'}
              onClick={() => run('call.hold', { call_id: callId })} data-testid="call-hold">
              {t('desk.hold')}
            </CommandButton>
          )}
          <CommandButton cmd="call.transfer" icon={<SwapOutlined />} onClick={() => setTransferOpen(true)}
            data-testid="call-transfer">
            {t('desk.transfer')}
          </CommandButton>
          {!compact && (
            <>
              <CommandButton cmd="call.consult" icon={<TeamOutlined />} data-testid="call-consult">
                {t('desk.consult')}
              </CommandButton>
              <CommandButton cmd="call.conference" icon={<UsergroupAddOutlined />} data-testid="call-conference">
                {t('desk.conference')}
              </CommandButton>
              <CommandButton cmd="call.park" icon={<VerticalAlignBottomOutlined />} data-testid="call-park">
                {t('desk.park')}
              </CommandButton>
            </>
          )}
        </>
      )}
      {!compact && <TransferDialog callId={callId} open={transferOpen} onClose={() => setTransferOpen(false)} />}
    </Space>
  );
}
