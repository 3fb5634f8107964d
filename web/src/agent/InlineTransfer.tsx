// The compact toolbar's transfer: a number or a queue's name typed in the row itself (a dialog
// would not fit in a toolbar iframe). The number is whatever the agent's phone could dial — a
// colleague's extension, an IVR flow's number, an outside number with its prefix — and the server
// routes it; sends call.transfer with {call_id, number} or {call_id, queue} (useHandOver).
import { Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHandOver } from './useHandOver';

export function InlineTransfer({ callId, onDone }: { callId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { transfer, busy } = useHandOver(callId, '', onDone);
  const [target, setTarget] = useState('');
  const isNumber = /^[0-9*#+]+$/.test(target);
  return (
    <Space.Compact size="small">
      <Input size="small" style={{ width: 120 }} value={target} autoFocus data-testid="inline-transfer-target"
        placeholder={t('embed.transferTarget')} onChange={(e) => setTarget(e.target.value.trim())} />
      <Button size="small" type="primary" disabled={!isNumber} loading={busy === 'call.transfer'}
        data-testid="inline-transfer-number" onClick={() => transfer({ number: target })}>
        {t('embed.toNumber')}
      </Button>
      <Button size="small" disabled={!target} loading={busy === 'call.transfer'} data-testid="inline-transfer-queue"
        onClick={() => transfer({ queue: target })}>
        {t('embed.toQueue')}
      </Button>
      <Button size="small" onClick={onDone}>
        {t('common.cancel')}
      </Button>
    </Space.Compact>
  );
}
