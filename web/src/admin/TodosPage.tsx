// /console/todos: the to-dos (CTI-4) of a user without an agent desktop — a quality inspector, a
// department handler, an administrator without an extension: the same panel as the desk's, with
// the CTI connection that brings its changes and reminders (ConsoleLayout keeps it, and pops the
// reminders on every console page). A user with a desk has the to-dos there.
import { Space } from 'antd';
import { Navigate } from 'react-router';
import { TodoPanel } from '../agent/TodoPanel';
import { useAuth } from '../auth/AuthContext';
import { hasConsoleTodos } from '../auth/workspaces';
import { NotificationSwitch } from '../common/NotificationSwitch';
import { ConnectionBadge } from '../cti/ConnectionBadge';

export function TodosPage() {
  const { me, can } = useAuth();
  if (!hasConsoleTodos(me, can)) return <Navigate to="/desk" replace />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 960 }} data-testid="todos-page">
      <Space size="large">
        <ConnectionBadge light={false} />
        <NotificationSwitch />
      </Space>
      <TodoPanel />
    </Space>
  );
}
