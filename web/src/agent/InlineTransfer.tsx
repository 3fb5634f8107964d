// The compact toolbar's transfer: an extension or a queue's name typed in the row itself (a dialog
// would not fit in a toolbar iframe). Sends call.transfer with {call_id, extension} or
// {call_id, queue}.
import { Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../cti/useCommand';

export function InlineTransfer({ callId, onDone }: { callId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { run, busy } = useCommand();
  const [target, setTarget] = useState('');
  const go = async (kind: 'extension' | 'queue') => {
    const done = await run('call.transfer', { call_id: callId, [kind]: target });
    if (done !== undefined) onDone();
  };
  return (
    <Space.Compact size="small">
      <Input size="small" style={{ width: 120 }} value={target} autoFocus data-testid="inline-transfer-target"
        placeholder={t('embed.transferTarget')} onChange={(e) => setTarget(e.target.value.trim())} />
      <Button size="small" type="primary" disabled={!target} loading={busy === 'call.transfer'} onClick={() => go('extension')}>
        {t('embed.toExtension')}
      </Button>
      <Button size="small" disabled={!target} loading={busy === 'call.transfer'} onClick={() => go('queue')}>
        {t('embed.toQueue')}
      </Button>
      <Button size="small" onClick={onDone}>
        {t('common.cancel')}
      </Button>
    </Space.Compact>
  );
}
