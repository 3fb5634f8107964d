// The screen pop (CTI-1): who is calling (on a call the agent's phone dials: whom, marked
// outgoing), the number dialled, the queue, the IVR's path and the keys pressed, what the IVR
// collected, the customer (or "new caller"), the caller's last calls; and the scripted greeting
// with the agent's number (CTI-3). A call another agent transferred or consulted about shows the
// note or fields sent with it; a consultation call says who consults about which customer, and the
// last calls are that customer's. It stays after the call ends, so the agent can read it during
// wrap-up, until the next call rings. `actions` go beside the call's state in the pop's header
// (the desk's "add to-do").
import { PhoneOutlined, SoundOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration, formatTime } from '../common/format';
import { otherParty, type CallOnDesk } from '../cti/deskState';
import type { RecentCall } from '../cti/protocol';
import { BusinessDataView, ConsultFrom } from './HandOverInfo';

// The IVR's own bookkeeping variables are shown as path and keys, not again among the variables.
const IVR_VARIABLES = new Set(['ivr_flow', 'ivr_path', 'ivr_keys']);

export function Greeting({ extension }: { extension: string }) {
  const { t } = useTranslation();
  return (
    <Alert type="success" showIcon icon={<SoundOutlined />} data-testid="pop-greeting"
      message={t('desk.greetingTitle')} description={<Typography.Text strong>{t('desk.greeting', { number: extension })}</Typography.Text>} />
  );
}

function CallerKind({ call }: { call: CallOnDesk }) {
  const { t } = useTranslation();
  if (call.consult) return <Tag color="purple" data-testid="pop-caller-kind">{t('desk.consultCall')}</Tag>;
  if (call.customer) return <Tag color="blue">{t('desk.knownCustomer')}</Tag>;
  if (call.recent_calls && call.recent_calls.length > 0) return <Tag color="cyan" data-testid="pop-caller-kind">{t('desk.calledBefore')}</Tag>;
  return <Tag color="green" data-testid="pop-caller-kind">{t('desk.newCaller')}</Tag>;
}

function RecentCallsTable({ calls }: { calls: RecentCall[] }) {
  const { t } = useTranslation();
  return (
    <Table<RecentCall> size="small" rowKey="id" pagination={false} dataSource={calls} data-testid="pop-recent"
      columns={[
        { title: t('desk.when'), dataIndex: 'started_at', render: (ms: number) => formatTime(ms) },
        { title: t('desk.direction'), dataIndex: 'direction', render: (d: string) => t(`desk.directions.${d}`, { defaultValue: d }) },
        { title: t('desk.callee'), dataIndex: 'callee' },
        { title: t('desk.talk'), dataIndex: 'talk_ms', render: (ms: number | null) => formatDuration(ms) },
        { title: t('desk.disposition'), dataIndex: 'disposition' },
      ]}
    />
  );
}

interface Props {
  call: CallOnDesk | null;
  extension: string;
  actions?: (call: CallOnDesk) => ReactNode;
}

export function CallPop({ call, extension, actions }: Props) {
  const { t } = useTranslation();
  if (!call) {
    return (
      <Card title={t('desk.popTitle')} data-testid="pop-empty">
        <Empty description={t('desk.popEmpty')} />
      </Card>
    );
  }
  const variables = Object.entries(call.variables ?? {}).filter(([key]) => !IVR_VARIABLES.has(key));
  const status = call.ended ? t('desk.callEnded') : call.state === 'talking' ? t('desk.callState.talking') : t('desk.callState.ringing');
  return (
    <Card
      data-testid="pop"
      data-call-id={call.call_id}
      title={
        <Space>
          <PhoneOutlined />
          <span data-testid="pop-caller" style={{ fontSize: 20 }}>{otherParty(call)}</span>
          {call.outgoing && <Tag color="geekblue" data-testid="pop-outgoing">{t('desk.outgoingCall')}</Tag>}
          <CallerKind call={call} />
        </Space>
      }
      extra={
        <Space size="small">
          {actions?.(call)}
          <Tag color={call.ended ? 'default' : 'processing'} data-testid="pop-status" style={{ marginInlineEnd: 0 }}>{status}</Tag>
        </Space>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {call.consult && <ConsultFrom consult={call.consult} />}
        {!call.ended && !call.consult && <Greeting extension={extension} />}
        <BusinessDataView data={call.data} />
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('desk.caller')}>{call.caller}</Descriptions.Item>
          <Descriptions.Item label={t('desk.dialled')}><span data-testid="pop-dialled">{call.dialled}</span></Descriptions.Item>
          <Descriptions.Item label={t('desk.queue')}><span data-testid="pop-queue">{call.queue ?? '—'}</span></Descriptions.Item>
          <Descriptions.Item label={t('desk.ivrFlow')}>{call.ivr?.flow ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('desk.ivrPath')}>{call.ivr?.path ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('desk.ivrKeys')}>
            <Typography.Text strong data-testid="pop-keys">{call.ivr?.keys || '—'}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.offeredAt')}>{formatTime(call.offered_at)}</Descriptions.Item>
          <Descriptions.Item label={t('desk.customer')}>
            {call.customer ? JSON.stringify(call.customer) : t('desk.newCaller')}
          </Descriptions.Item>
          {call.transferredTo && (
            <Descriptions.Item label={t('desk.transferredTo')} span={2}>
              <span data-testid="pop-transferred">{call.transferredTo}</span>
            </Descriptions.Item>
          )}
          {call.parkedIn !== undefined && (
            <Descriptions.Item label={t('desk.parkedSlot')} span={2}>
              <span data-testid="pop-parked">{call.parkedIn}</span>
            </Descriptions.Item>
          )}
          {call.ended && (
            <Descriptions.Item label={t('desk.callEnded')} span={2}>
              {call.ended.disposition} · {call.ended.cause}
            </Descriptions.Item>
          )}
        </Descriptions>
        {variables.length > 0 && (
          <Descriptions size="small" column={2} title={t('desk.ivrVariables')} data-testid="pop-variables">
            {variables.map(([key, value]) => (
              <Descriptions.Item key={key} label={key}>{value}</Descriptions.Item>
            ))}
          </Descriptions>
        )}
        <div>
          <Typography.Title level={5}>
            {call.consult ? t('desk.customerLastCalls', { customer: call.consult.customer }) : t('desk.lastCalls')}
          </Typography.Title>
          {call.recent_calls && call.recent_calls.length > 0 ? (
            <RecentCallsTable calls={call.recent_calls} />
          ) : (
            <Typography.Text type="secondary">{call.recent_calls ? t('desk.noLastCalls') : t('desk.lastCallsUnknown')}</Typography.Text>
          )}
        </div>
      </Space>
    </Card>
  );
}
