// The calls the agent's phone took part in, newest first (calls.recent), read again after each
// call ends.
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration, formatTime } from '../common/format';
import { useCti } from '../cti/CtiContext';
import type { RecentCall } from '../cti/protocol';

export function RecentCallsPanel() {
  const { t } = useTranslation();
  const { offers, command, status, lastCall } = useCti();
  const [calls, setCalls] = useState<RecentCall[]>([]);
  const [loading, setLoading] = useState(false);
  const offered = offers('calls.recent');
  const endedKey = lastCall?.ended ? lastCall.call_id : '';

  const load = useCallback(() => {
    if (!offered || status !== 'open') return;
    setLoading(true);
    command<{ items: RecentCall[] }>('calls.recent', { limit: 10 })
      .then((answer) => setCalls(answer.items))
      .catch(() => undefined)
      .finally(() => setLoading(false));
  }, [offered, status, command]);

  useEffect(() => {
    load();
  }, [load, endedKey]);

  if (!offered) return null;
  return (
    <Card size="small" title={t('desk.recentCalls')} data-testid="recent-calls"
      extra={<Button size="small" type="text" icon={<ReloadOutlined />} onClick={load} />}>
      <Table<RecentCall> size="small" rowKey="id" loading={loading} dataSource={calls} pagination={false}
        columns={[
          { title: t('desk.when'), dataIndex: 'started_at', render: (ms: number) => formatTime(ms) },
          { title: t('desk.direction'), dataIndex: 'direction', render: (d: string) => t(`desk.directions.${d}`, { defaultValue: d }) },
          { title: t('desk.caller'), dataIndex: 'caller' },
          { title: t('desk.callee'), dataIndex: 'callee' },
          { title: t('desk.talk'), dataIndex: 'talk_ms', render: (ms: number | null) => formatDuration(ms) },
          { title: t('desk.disposition'), dataIndex: 'disposition' },
        ]}
      />
    </Card>
  );
}
