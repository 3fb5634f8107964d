// The controls of the call at the agent's phone: while it rings, Answer (a phone that takes the
// talk event goes off hook; any other is answered by lifting it, which the refusal says); while
// talking, the talk time, hang up, hold / retrieve, transfer or consult (the transfer dialog:
// choose the target, then either), and park (the slot it waits in is said). While
// a consultation is in progress the consultation bar takes the place of hold, transfer and park:
// the customer is on hold already, and the consultation ends in a transfer, a three-way call (the
// desktop's conference, which grows by adding a party from the three-way call) or the customer
// taken back. A call the phone placed (click-to-dial, the keypad) is transferred, consulted about
// and parked like any other; a consultation call the phone was rung for is not parked: park stays
// disabled, saying so. The compact toolbar leaves out the dialog and park, and transfers inline.
import {
  PauseCircleOutlined,
  PhoneOutlined,
  PlayCircleOutlined,
  SwapOutlined,
  TeamOutlined,
  VerticalAlignBottomOutlined,
} from '@ant-design/icons';
import { App, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../common/format';
import { useNow } from '../common/useNow';
import { CommandButton } from '../cti/CommandButton';
import { useCti } from '../cti/CtiContext';
import { otherParty } from '../cti/deskState';
import type { ParkResult } from '../cti/protocol';
import { useCommand } from '../cti/useCommand';
import { ConsultationBar } from './ConsultationBar';
import { InlineTransfer } from './InlineTransfer';
import { TransferDialog } from './TransferDialog';

export function CallControls({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { current } = useCti();
  const { run, busy } = useCommand();
  const [transferOpen, setTransferOpen] = useState(false);
  const [addingParty, setAddingParty] = useState(false);
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
  const consulting = !!current.consulting;
  const state = current.held ? 'held' : talking ? 'talking' : 'ringing';
  if (compact && transferOpen) return <InlineTransfer callId={callId} onDone={() => setTransferOpen(false)} />;

  // A phone that takes no remote answer (no talk event) is lifted by hand: the refusal says so.
  const answer = () =>
    run('call.answer', { call_id: callId }, (error) => (error.status === 409 ? t('desk.answerByHand') : null));
  const park = async () => {
    const parked = await run<ParkResult>('call.park', { call_id: callId });
    if (parked) message.success({ content: t('desk.parkedIn', { slot: parked.slot }), key: 'call-parked' });
  };

  return (
    <Space wrap size={compact ? 'small' : 'middle'}>
      <Tag color={state === 'held' ? 'orange' : talking ? 'blue' : 'gold'} data-testid="call-state" data-state={state}
        icon={<PhoneOutlined />} style={{ margin: 0 }}>
        {t(`desk.callState.${state}`)} {otherParty(current)}
      </Tag>
      {talking ? (
        <Typography.Text strong data-testid="talk-timer" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatClock(current.answered_at ? now - current.answered_at : null)}
        </Typography.Text>
      ) : (
        <>
          <CommandButton cmd="call.answer" type="primary" icon={<PhoneOutlined />} loading={busy === 'call.answer'}
            onClick={answer} data-testid="call-answer">
            {t('desk.answer')}
          </CommandButton>
          {!compact && (
            <Typography.Text type="secondary" data-testid="answer-on-phone">
              {t('desk.answerOnPhone')}
            </Typography.Text>
          )}
        </>
      )}
      {talking && (
        <>
          <CommandButton cmd="call.hangup" danger type="primary" loading={busy === 'call.hangup'}
            onClick={() => run('call.hangup', { call_id: callId })} data-testid="call-hangup">
            {t('desk.hangup')}
          </CommandButton>
          {!consulting && (current.held ? (
            <CommandButton cmd="call.retrieve" icon={<PlayCircleOutlined />} loading={busy === 'call.retrieve'}
              onClick={() => run('call.retrieve', { call_id: callId })} data-testid="call-retrieve">
              {t('desk.retrieve')}
            </CommandButton>
          ) : (
            <CommandButton cmd="call.hold" icon={<PauseCircleOutlined />} loading={busy === 'call.hold'}
              onClick={() => run('call.hold', { call_id: callId })} data-testid="call-hold">
              {t('desk.hold')}
            </CommandButton>
          ))}
          {!consulting && (
            <CommandButton cmd="call.transfer" icon={<SwapOutlined />} onClick={() => setTransferOpen(true)}
              data-testid="call-transfer">
              {t('desk.transfer')}
            </CommandButton>
          )}
          {!compact && !consulting && (
            <>
              <CommandButton cmd="call.consult" icon={<TeamOutlined />} onClick={() => setTransferOpen(true)}
                data-testid="call-consult">
                {t('desk.consult')}
              </CommandButton>
              <CommandButton cmd="call.park" icon={<VerticalAlignBottomOutlined />} loading={busy === 'call.park'}
                disabledReason={current.consult ? t('desk.parkNotConsultation') : null} onClick={park} data-testid="call-park">
                {t('desk.park')}
              </CommandButton>
            </>
          )}
          <ConsultationBar call={current} compact={compact} onAddParty={compact ? undefined : () => setAddingParty(true)} />
        </>
      )}
      {!compact && (
        <TransferDialog callId={callId} open={transferOpen || addingParty} addingParty={addingParty}
          onClose={() => {
            setTransferOpen(false);
            setAddingParty(false);
          }} />
      )}
    </Space>
  );
}
