// The agent's queues (ACD-11): callers waiting and the longest wait, agents by state, live from
// queue.update; logging in to or out of each queue; and the waiting callers' numbers and waits,
// read from GET /api/v1/live/queues whenever the figures change (the socket's figures carry no
// callers).
import { Badge, Card, Empty, List, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Items } from '../api/types';
import { formatClock } from '../common/format';
import { useNow } from '../common/useNow';
import { useCti } from '../cti/CtiContext';
import type { QueueFigures, QueuedCall } from '../cti/protocol';
import { useCommand } from '../cti/useCommand';

function useWaitingCallers(queues: QueueFigures[]): Map<number, QueuedCall[]> {
  const [callers, setCallers] = useState<Map<number, QueuedCall[]>>(new Map());
  // Only when someone waits or just stopped waiting: the figures' change is the cue.
  const cue = queues.map((queue) => `${queue.id}:${queue.waiting}:${queue.ringing}`).join(',');
  useEffect(() => {
    const timer = setTimeout(() => {
      api
        .get<Items<QueueFigures>>('/api/v1/live/queues')
        .then((live) => setCallers(new Map(live.items.map((queue) => [queue.id, queue.calls ?? []]))))
        .catch(() => undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [cue]);
  return callers;
}

export function QueuePanel() {
  const { t } = useTranslation();
  const { queues, agent, offers } = useCti();
  const { run } = useCommand();
  const callers = useWaitingCallers(queues);
  const now = useNow();
  const loggedIn = useMemo(
    () => new Set(agent && agent.state !== 'logged_out' ? agent.queues : []),
    [agent],
  );

  return (
    <Card size="small" title={t('desk.myQueues')} data-testid="queue-panel">
      {queues.length === 0 ? (
        <Empty description={t('desk.noQueue')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          dataSource={queues}
          renderItem={(queue) => {
            // The figures are the newer news: nobody waits when they say so, whatever was read before.
            const waiting = queue.waiting + queue.ringing === 0 ? [] : (callers.get(queue.id) ?? []);
            return (
              <List.Item data-testid={`queue-${queue.name}`} style={{ display: 'block' }}>
                <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                  <Typography.Text strong>{queue.name}</Typography.Text>
                  <Switch size="small" checked={loggedIn.has(queue.id)} disabled={!offers('agent.login') || !agent}
                    checkedChildren={t('desk.inQueue')} unCheckedChildren={t('desk.outOfQueue')}
                    data-testid={`queue-login-${queue.name}`}
                    onChange={(on) => run(on ? 'agent.login' : 'agent.logout', { queues: [queue.id] })} />
                </Space>
                <Space wrap size="small" style={{ marginTop: 6 }}>
                  <Badge count={queue.waiting} showZero color={queue.waiting > 0 ? 'red' : 'gray'} />
                  <Typography.Text data-testid={`queue-waiting-${queue.name}`}>{t('desk.waitingN', { count: queue.waiting })}</Typography.Text>
                  <Typography.Text type="secondary">{t('desk.longestWait', { time: formatClock(queue.longest_wait_ms) })}</Typography.Text>
                </Space>
                <Space wrap size={4} style={{ marginTop: 6 }}>
                  <Tag color="green">{t('cti.state.ready')} {queue.agents.ready}</Tag>
                  <Tag color="gold">{t('cti.state.ringing')} {queue.agents.ringing}</Tag>
                  <Tag color="blue">{t('cti.state.talking')} {queue.agents.talking}</Tag>
                  <Tag color="purple">{t('cti.state.wrap_up')} {queue.agents.wrap_up}</Tag>
                  <Tag color="orange">{t('cti.state.not_ready')} {queue.agents.not_ready}</Tag>
                </Space>
                {waiting.length > 0 && (
                  <List size="small" style={{ marginTop: 6 }} dataSource={waiting}
                    renderItem={(call) => (
                      <List.Item>
                        <Typography.Text>{call.caller}</Typography.Text>
                        <Typography.Text type="secondary">{formatClock(now - call.entered_at)}</Typography.Text>
                      </List.Item>
                    )}
                  />
                )}
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
