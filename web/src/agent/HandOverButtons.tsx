// The two ways to send the call to a destination (an extension, a queue or a number), side by side
// in the transfer dialog: transfer it (blind) or consult the destination first (only that when
// adding a party to the conference). `testId` names both buttons: transfer-<testId> and
// consult-<testId>.
import { SwapOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { CommandButton } from '../cti/CommandButton';
import type { Destination } from '../cti/protocol';
import type { HandOver } from './useHandOver';

interface Props {
  destination: Destination;
  handOver: HandOver;
  testId: string;
  disabled?: boolean;
  size?: 'small' | 'middle';
}

export function HandOverButtons({ destination, handOver, testId, disabled, size = 'small' }: Props) {
  const { t } = useTranslation();
  const { transfer, consult, busy, consultOnly } = handOver;
  return (
    <Space size="small">
      {!consultOnly && (
        <Button size={size} type="primary" icon={<SwapOutlined />} loading={busy === 'call.transfer'}
          disabled={disabled} data-testid={`transfer-${testId}`} onClick={() => transfer(destination)}>
          {t('desk.transferHere')}
        </Button>
      )}
      <CommandButton cmd="call.consult" size={size} icon={<TeamOutlined />} loading={busy === 'call.consult'}
        disabled={disabled} data-testid={`consult-${testId}`} onClick={() => consult(destination)}>
        {t('desk.consult')}
      </CommandButton>
    </Space>
  );
}
