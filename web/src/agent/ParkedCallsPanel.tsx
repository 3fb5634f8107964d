// The tenant's parked calls (PBX-5) on the desk: each one's slot, caller, who parked it and when it
// rings back, and Retrieve (call.unpark: the user's phone rings, and answering it takes the call).
// The lot is the whole tenant's, as any phone may take a call back with *7 and the slot.
import { VerticalAlignBottomOutlined } from '@ant-design/icons';
import { Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../common/format';
import { useNow } from '../common/useNow';
import { CommandButton } from '../cti/CommandButton';
import { useCti } from '../cti/CtiContext';
import type { ParkedCall } from '../cti/protocol';
import { useCommand } from '../cti/useCommand';
import { useParkingLot } from './useParkingLot';

export function ParkedCallsPanel() {
  const { t } = useTranslation();
  const { offers } = useCti();
  const offered = offers('calls.parked');
  const { lot, loading } = useParkingLot(offered);
  const { run } = useCommand();
  const [retrieving, setRetrieving] = useState<number | null>(null);
  const now = useNow();

  const retrieve = async (slot: number) => {
    setRetrieving(slot);
    await run('call.unpark', { slot });
    setRetrieving(null);
  };

  if (!offered) return null;
  return (
    <Card size="small" title={<Space><VerticalAlignBottomOutlined />{t('desk.parkedCalls')}</Space>} data-testid="parked-calls">
      <List<ParkedCall> size="small" loading={loading} dataSource={lot} locale={{ emptyText: t('desk.noParkedCalls') }}
        renderItem={(call) => (
          <List.Item data-testid={`parked-${call.slot}`}
            actions={[
              <CommandButton key="retrieve" cmd="call.unpark" size="small" disabled={!!call.retrieving_by}
                loading={retrieving === call.slot} onClick={() => retrieve(call.slot)} data-testid={`unpark-${call.slot}`}>
                {t('desk.unpark')}
              </CommandButton>,
            ]}>
            <Space direction="vertical" size={0}>
              <Space size="small">
                <Tag color="geekblue" style={{ margin: 0 }}>{t('desk.slotN', { slot: call.slot })}</Tag>
                <Typography.Text strong>{call.caller}</Typography.Text>
              </Space>
              <Typography.Text type="secondary">
                {call.retrieving_by
                  ? t('desk.retrievingBy', { extension: call.retrieving_by })
                  : t('desk.parkedBy', { extension: call.parked_by, time: formatClock(Math.max(0, call.ring_back_at - now)) })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
