// The consultation of the current call (call.consult), in the call's controls: whom the agent
// consults — a colleague's extension, a number, a queue, an IVR flow — and how far it got (a queue
// or a number "waits for an answer" where a colleague's phone rings), and the three ways out of
// it — hand the customer over and leave (call.consult_transfer), bring the customer in
// (call.three_way), or hang the consultation up and take the customer back (call.consult_cancel).
// Transfer and three-way wait for the target to answer (the server refuses them before). When a
// consultation failed, the bar says why while the customer still waits on hold, for the agent to
// take them back. In a three-way call the agent adds a party (onAddParty opens the dialog that
// consults): the customer and whoever is in the conference talk on while the agent consults, and
// three-way brings the new party in too; the bar lists who is in the conference already.
import { TeamOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandButton } from '../cti/CommandButton';
import type { CallOnDesk } from '../cti/deskState';
import type { ConsultState } from '../cti/protocol';
import { useCommand } from '../cti/useCommand';
import { consultTarget, consultTargetOf, waitsForAnswer, type ConsultTarget } from './destinations';

const STATE_COLORS: Record<ConsultState, string> = {
  ringing: 'gold',
  talking: 'blue',
  three_way: 'purple',
  transferred: 'green',
  failed: 'red',
  ended: 'default',
};

// "1003", "queue support", "IVR flow main", "number 90612345678".
function useTargetName(): (target: ConsultTarget) => string {
  const { t } = useTranslation();
  return ({ kind, name }) =>
    kind === 'extension' || kind === 'service' ? name : t(`desk.consultation.targets.${kind}`, { name });
}

function FailedNotice({ call }: { call: CallOnDesk }) {
  const { t } = useTranslation();
  const targetName = useTargetName();
  const [dismissed, setDismissed] = useState<number | null>(null);
  const failed = call.consultFailed;
  if (!failed || !call.held || dismissed === failed.at) return null;
  return (
    <Tag color="red" closable onClose={() => setDismissed(failed.at)} data-testid="consult-failed" style={{ margin: 0 }}>
      {t('desk.consultation.failed', {
        target: targetName(consultTarget(failed.target)),
        cause: failed.cause ?? t('desk.consultation.noCause'),
      })}
    </Tag>
  );
}

interface Props {
  call: CallOnDesk;
  compact?: boolean;
  onAddParty?: () => void;
}

export function ConsultationBar({ call, compact = false, onAddParty }: Props) {
  const { t } = useTranslation();
  const { run, busy } = useCommand();
  const targetName = useTargetName();
  const consulting = call.consulting;
  const target = consultTargetOf(call);
  if (!consulting || !target) return <FailedNotice call={call} />;
  const { state, conference = [] } = consulting;
  const stateText =
    state === 'ringing' && waitsForAnswer(target)
      ? t('desk.consultation.waitingForAnswer')
      : t(`desk.consultation.state.${state}`);
  const answered = state === 'talking' || state === 'three_way';
  const size = compact ? 'small' : 'middle';
  const args = { call_id: call.call_id };

  return (
    <Space size="small" wrap data-testid="consult-bar" data-state={state} data-target-kind={target.kind}>
      <Typography.Text data-testid="consult-target">
        <TeamOutlined /> {t('desk.consultation.with', { target: targetName(target) })}
      </Typography.Text>
      <Tag color={STATE_COLORS[state]} data-testid="consult-state" data-state={state} style={{ margin: 0 }}>
        {stateText}
      </Tag>
      {conference.length > 0 && (
        <Typography.Text type="secondary" data-testid="consult-conference">
          {t('desk.consultation.inConference', { parties: conference.map((party) => targetName(consultTarget(party))).join(', ') })}
        </Typography.Text>
      )}
      <CommandButton cmd="call.consult_transfer" size={size} type="primary" disabled={!answered}
        loading={busy === 'call.consult_transfer'} data-testid="consult-transfer"
        onClick={() => run('call.consult_transfer', args)}>
        {t('desk.consultation.transfer')}
      </CommandButton>
      <CommandButton cmd="call.three_way" size={size} disabled={state !== 'talking'}
        loading={busy === 'call.three_way'} data-testid="consult-three-way"
        onClick={() => run('call.three_way', args)}>
        {t('desk.consultation.threeWay')}
      </CommandButton>
      {state === 'three_way' && onAddParty && (
        <CommandButton cmd="call.consult" size={size} icon={<UsergroupAddOutlined />} onClick={onAddParty}
          data-testid="consult-add-party">
          {t('desk.consultation.addParty')}
        </CommandButton>
      )}
      <CommandButton cmd="call.consult_cancel" size={size} danger disabled={state === 'transferred'}
        loading={busy === 'call.consult_cancel'} data-testid="consult-cancel"
        onClick={() => run('call.consult_cancel', args)}>
        {t('desk.consultation.cancel')}
      </CommandButton>
    </Space>
  );
}
