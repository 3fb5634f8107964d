// The embeddable agent toolbar (/embed/toolbar, CTI-5): one compact row for an iframe in another
// web application — the agent's state, the call's controls, a summary of the pop and the to-dos'
// reminder pop (CTI-4) — with its own sign-in, and the postMessage API of hostBridge.ts towards the
// host page whose origin the iframe's URL names. web/public/hotline-toolbar.js is the host page's
// side. The toolbar keeps its own session token (api/sessionToken.ts), since a host page of
// another site gets it no cookie, and shares it with a host page that keeps it (useHostSession).
import { Alert, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useEffect, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { AgentStatePanel } from '../agent/AgentStatePanel';
import { CallControls } from '../agent/CallControls';
import { ReminderStack } from '../agent/ReminderStack';
import { ConnectionBadge } from '../cti/ConnectionBadge';
import { CtiProvider, useCti } from '../cti/CtiContext';
import { CommandError } from '../cti/protocol';
import { EmbedLogin } from './EmbedLogin';
import { allowedOrigin } from './hostBridge';
import { useHostBridge } from './useHostBridge';
import { useHostSession } from './useHostSession';

const ROW: CSSProperties = { display: 'flex', alignItems: 'center', gap: 12, padding: '6px 10px', minHeight: 44, flexWrap: 'wrap' };

function PopSummary() {
  const { t } = useTranslation();
  const { lastCall, hello } = useCti();
  if (!lastCall || lastCall.ended) return null;
  return (
    <Tooltip title={t('desk.greeting', { number: hello?.user.extension ?? '' })}>
      <Space size={4} data-testid="embed-pop">
        <Typography.Text strong>{lastCall.caller}</Typography.Text>
        {lastCall.queue && <Tag>{lastCall.queue}</Tag>}
        {lastCall.ivr?.keys && <Tag color="geekblue">{t('desk.ivrKeys')} {lastCall.ivr.keys}</Tag>}
        {!lastCall.customer && !lastCall.recent_calls?.length && <Tag color="green">{t('desk.newCaller')}</Tag>}
      </Space>
    </Tooltip>
  );
}

function SignedInToolbar({ origin }: { origin: string }) {
  const { can } = useAuth();
  const { client, status } = useCti();
  const bridge = useHostBridge(origin, (cmd, args) => client.command(cmd, args));
  useEffect(() => {
    if (!bridge) return;
    bridge.postStatus(client.status);
    const offEvent = client.onEvent((frame) => bridge.postEvent(frame.event, frame.data));
    const offStatus = client.onStatus((next) => bridge.postStatus(next));
    return () => {
      offEvent();
      offStatus();
    };
  }, [bridge, client]);

  return (
    <div style={ROW} data-testid="embed-toolbar" data-status={status}>
      <ConnectionBadge light={false} />
      <AgentStatePanel compact />
      <CallControls compact />
      <PopSummary />
      {can('todos.self') && <ReminderStack compact />}
    </div>
  );
}

function SignedOutToolbar({ origin }: { origin: string }) {
  const notSignedIn = () =>
    Promise.reject(new CommandError({ status: 401, code: 'unauthenticated', field: null, message: 'the toolbar is not signed in' }));
  const bridge = useHostBridge(origin, notSignedIn);
  useEffect(() => {
    bridge?.postStatus('signed_out');
  }, [bridge]);
  return (
    <div style={ROW} data-testid="embed-toolbar" data-status="signed_out">
      <EmbedLogin />
    </div>
  );
}

export default function EmbedToolbarPage() {
  const { t } = useTranslation();
  const { me, loading } = useAuth();
  const origin = allowedOrigin(window.location.search);
  useHostSession(origin);
  if (!origin) return <Alert type="error" showIcon message={t('embed.noOrigin')} data-testid="embed-no-origin" />;
  if (loading) return <Spin size="small" style={{ margin: 12 }} />;
  if (!me) return <SignedOutToolbar origin={origin} />;
  return (
    <CtiProvider>
      <SignedInToolbar origin={origin} />
    </CtiProvider>
  );
}
