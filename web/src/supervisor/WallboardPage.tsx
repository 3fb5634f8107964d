// The supervisor's wallboard (/wall, SUP-2): queues (with today's service level, answered and
// abandoned calls) and agents live over the CTI socket (live.subscribe), charts of agents by
// state, callers per queue and today's calls per queue, per-agent actions and a broadcast
// message. Only for roles above agent (live.read and agents.state.write).
import { NotificationOutlined } from '@ant-design/icons';
import { Alert, Button, Layout, Result, Space, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { canUseWall } from '../auth/workspaces';
import { WorkspaceHeader } from '../common/WorkspaceHeader';
import { WorkspaceLinks } from '../common/WorkspaceLinks';
import { ConnectionBadge } from '../cti/ConnectionBadge';
import { CtiProvider, useCti } from '../cti/CtiContext';
import type { AgentView } from '../cti/protocol';
import { AgentBoard } from './AgentBoard';
import { MessageModal } from './MessageModal';
import { QueueBoard } from './QueueBoard';
import { useWallboard } from './useWallboard';
import { WallCharts } from './WallCharts';

function Wallboard() {
  const { t } = useTranslation();
  const { offers, status } = useCti();
  const board = useWallboard();
  const [message, setMessage] = useState<{ to: number | 'all'; label: string } | null>(null);
  const messageAgent = (agent: AgentView) =>
    setMessage({ to: agent.user_id, label: board.names.get(agent.user_id) ?? agent.extension });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <WorkspaceHeader title={t('workspaces.wall')}>
        <ConnectionBadge />
      </WorkspaceHeader>
      <Layout.Content style={{ padding: 16 }} data-testid="wallboard" data-subscribed={board.subscribed}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {status === 'ended' && <Alert type="error" showIcon message={t('cti.sessionEnded')} />}
          {board.error && <Alert type="error" showIcon message={board.error} />}
          {offers('message.send') && (
            <Button icon={<NotificationOutlined />} onClick={() => setMessage({ to: 'all', label: t('desk.toAll') })}
              data-testid="wall-broadcast">
              {t('wall.broadcast')}
            </Button>
          )}
          {!board.subscribed && !board.error ? (
            <Spin />
          ) : (
            <>
              <QueueBoard queues={board.queues} />
              <WallCharts agents={board.agents} queues={board.queues} />
              <AgentBoard agents={board.agents} names={board.names} onMessage={messageAgent} />
            </>
          )}
        </Space>
      </Layout.Content>
      <MessageModal open={message !== null} to={message?.to ?? 'all'} toLabel={message?.label ?? ''} onClose={() => setMessage(null)} />
    </Layout>
  );
}

export default function WallboardPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  if (!canUseWall(can)) {
    return (
      <div data-testid="wall-forbidden">
        <Result status="403" title={t('wall.noPermissionTitle')} subTitle={t('wall.noPermission')} extra={<WorkspaceLinks />} />
      </div>
    );
  }
  return (
    <CtiProvider>
      <Wallboard />
    </CtiProvider>
  );
}
