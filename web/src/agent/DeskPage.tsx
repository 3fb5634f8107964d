// The agent desktop (/desk): the toolbar with the agent's state, do not disturb, desktop
// notifications (a call offered or a reminder while the tab is hidden) and the call's controls, the
// screen pop, the agent's to-dos and their reminder pops, the dial pad, the agent's queues, the
// parked calls, messages and recent calls.
// Everything comes from the CTI socket (docs/cti.md); the phone rings and answers, the desktop
// controls the same call.
import { Alert, Card, Col, Layout, Result, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { canUseDesk } from '../auth/workspaces';
import { NotificationSwitch } from '../common/NotificationSwitch';
import { WorkspaceHeader } from '../common/WorkspaceHeader';
import { WorkspaceLinks } from '../common/WorkspaceLinks';
import { ConnectionBadge } from '../cti/ConnectionBadge';
import { CtiProvider, useCti } from '../cti/CtiContext';
import { AddTodoButton } from './AddTodoButton';
import { AgentStatePanel } from './AgentStatePanel';
import { CallControls } from './CallControls';
import { DndSwitch } from './DndSwitch';
import { CallPop } from './CallPop';
import { DialPad } from './DialPad';
import { MessagesPanel } from './MessagesPanel';
import { ParkedCallsPanel } from './ParkedCallsPanel';
import { QueuePanel } from './QueuePanel';
import { RecentCallsPanel } from './RecentCallsPanel';
import { ReminderStack } from './ReminderStack';
import { TodoPanel } from './TodoPanel';
import { useCallNotifications } from './useCallNotifications';

function Desk() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { hello, lastCall, status } = useCti();
  const extension = hello?.user.extension ?? '';
  const todos = can('todos.self');
  useCallNotifications();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <WorkspaceHeader title={t('workspaces.desk')}>
        <ConnectionBadge />
      </WorkspaceHeader>
      <Layout.Content style={{ padding: 16 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {status === 'ended' && <Alert type="error" showIcon message={t('cti.sessionEnded')} />}
          <Card size="small" data-testid="desk-toolbar">
            <Row gutter={[16, 8]} align="middle">
              <Col flex="auto">
                <AgentStatePanel />
              </Col>
              <Col>
                <DndSwitch />
              </Col>
              <Col>
                <NotificationSwitch />
              </Col>
              <Col>
                <CallControls />
              </Col>
            </Row>
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={16}>
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <CallPop call={lastCall} extension={extension}
                  actions={todos ? (call) => <AddTodoButton call={call} extension={extension} /> : undefined} />
                {todos && <TodoPanel />}
                <RecentCallsPanel />
              </Space>
            </Col>
            <Col xs={24} lg={8}>
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <QueuePanel />
                <ParkedCallsPanel />
                <MessagesPanel />
                <DialPad />
              </Space>
            </Col>
          </Row>
        </Space>
      </Layout.Content>
      {todos && <ReminderStack />}
    </Layout>
  );
}

export function DeskPage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  if (!canUseDesk(me, can)) {
    return (
      <div data-testid="desk-forbidden">
        <Result status="403" title={t('desk.noExtensionTitle')} subTitle={t('desk.noExtension')} extra={<WorkspaceLinks />} />
      </div>
    );
  }
  return (
    <CtiProvider>
      <Desk />
    </CtiProvider>
  );
}
