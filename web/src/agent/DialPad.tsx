// A dial pad: the number typed or clicked, dialled with call.dial when the server offers it (else
// the pad stays disabled and says so), or, for a colleague's extension, the call ringing there
// picked up (call.pickup). Either way the user's own phone rings first.
import { PhoneOutlined, PullRequestOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandButton } from '../cti/CommandButton';
import { useCti } from '../cti/CtiContext';
import { useCommand } from '../cti/useCommand';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function DialPad() {
  const { t } = useTranslation();
  const { offers } = useCti();
  const { run, busy } = useCommand();
  const [number, setNumber] = useState('');
  const offered = offers('call.dial');

  const dial = async () => {
    if (!number) return;
    const done = await run('call.dial', { number });
    if (done !== undefined) setNumber('');
  };
  const pickUp = async () => {
    const done = await run('call.pickup', { extension: number });
    if (done !== undefined) setNumber('');
  };
  const isExtension = /^[0-9]+$/.test(number);

  return (
    <Card size="small" title={t('desk.dialPad')} data-testid="dial-pad">
      <Space direction="vertical" style={{ width: '100%' }}>
        {!offered && (
          <Typography.Text type="secondary" data-testid="dial-not-offered">
            {t('desk.dialNotOffered')}
          </Typography.Text>
        )}
        <Input value={number} disabled={!offered} onChange={(e) => setNumber(e.target.value.replace(/[^0-9*#+]/g, ''))}
          onPressEnter={dial} placeholder={t('desk.numberToDial')} data-testid="dial-number" allowClear />
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 6 }}>
          {KEYS.map((key) => (
            <Button key={key} disabled={!offered} onClick={() => setNumber((n) => n + key)}>
              {key}
            </Button>
          ))}
        </div>
        <CommandButton cmd="call.dial" type="primary" block icon={<PhoneOutlined />} disabled={!number}
          loading={busy === 'call.dial'} onClick={dial} data-testid="dial">
          {t('desk.dial')}
        </CommandButton>
        <CommandButton cmd="call.pickup" block icon={<PullRequestOutlined />} disabled={!isExtension} hideUnlessOffered
          loading={busy === 'call.pickup'} onClick={pickUp} data-testid="pick-up">
          {t('desk.pickUp')}
        </CommandButton>
      </Space>
    </Card>
  );
}
