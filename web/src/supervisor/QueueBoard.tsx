// The wallboard's queues (SUP-2): callers waiting and ringing, the longest wait (ticking from the
// oldest caller's entry when the callers are known), today's service level, answered and abandoned
// calls, agents by state, average wait and handle time.
import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatClock, formatDuration } from '../common/format';
import { useNow } from '../common/useNow';
import type { QueueFigures } from '../cti/protocol';
import { ServiceLevelTag } from './ServiceLevelTag';

function longestWait(queue: QueueFigures, now: number): number {
  const waiting = (queue.calls ?? []).map((call) => now - call.entered_at);
  if (queue.waiting + queue.ringing === 0) return 0;
  return Math.max(queue.longest_wait_ms, ...waiting);
}

export function QueueBoard({ queues }: { queues: QueueFigures[] }) {
  const { t } = useTranslation();
  const now = useNow();
  return (
    <Card size="small" title={t('wall.queues')} data-testid="wall-queues">
      <Table<QueueFigures>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={queues}
        columns={[
          { title: t('desk.queue'), dataIndex: 'name', render: (name: string) => <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>{name}</Typography.Text> },
          {
            title: t('desk.waiting'),
            key: 'waiting',
            render: (_, queue) => (
              <Tag color={queue.waiting > 0 ? 'red' : 'default'} data-testid={`wall-waiting-${queue.name}`}>{queue.waiting}</Tag>
            ),
          },
          { title: t('wall.ringing'), dataIndex: 'ringing' },
          { title: t('wall.longestWait'), key: 'longest', render: (_, queue) => formatClock(longestWait(queue, now)) },
          { title: t('wall.serviceLevel'), key: 'sl', render: (_, queue) => <ServiceLevelTag queue={queue} /> },
          {
            title: t('wall.answeredToday'),
            key: 'answered',
            render: (_, queue) => <span data-testid={`wall-answered-${queue.name}`}>{queue.answered_today}</span>,
          },
          {
            title: t('wall.abandonedToday'),
            key: 'abandoned',
            render: (_, queue) => <span data-testid={`wall-abandoned-${queue.name}`}>{queue.abandoned_today}</span>,
          },
          {
            title: t('wall.agentsByState'),
            key: 'agents',
            render: (_, queue) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                <Tag color="green">{queue.agents.ready}</Tag>
                <Tag color="gold">{queue.agents.ringing}</Tag>
                <Tag color="blue">{queue.agents.talking}</Tag>
                <Tag color="purple">{queue.agents.wrap_up}</Tag>
                <Tag color="orange">{queue.agents.not_ready}</Tag>
                <Typography.Text type="secondary">/ {queue.agents.logged_in}</Typography.Text>
              </span>
            ),
          },
          { title: t('wall.averageWait'), key: 'asa', render: (_, queue) => formatDuration(queue.average_wait_ms) },
          { title: t('wall.averageHandle'), key: 'aht', render: (_, queue) => formatDuration(queue.average_handle_ms) },
          {
            title: t('wall.callers'),
            key: 'callers',
            render: (_, queue) =>
              (queue.calls ?? []).map((call) => (
                <Tag key={call.call_id}>
                  {call.caller} · {formatClock(now - call.entered_at)}
                </Tag>
              )),
          },
        ]}
      />
    </Card>
  );
}
