// Do not disturb for the user's own phone (PBX-7): a switch in the desk's toolbar. While it is on,
// the server turns direct, ring-all and transferred calls away as busy; a queue's offers still
// follow the agent's state. The switch shows what the server says (hello, phone.dnd), not what was
// clicked.
import { StopOutlined } from '@ant-design/icons';
import { Space, Switch, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCti } from '../cti/CtiContext';
import { useCommand } from '../cti/useCommand';

export function DndSwitch() {
  const { t } = useTranslation();
  const { hello, dnd, offers, status } = useCti();
  const { run, busy } = useCommand();
  if (!hello?.user.extension || !offers('phone.dnd')) return null;
  return (
    <Tooltip title={t('desk.dndHint')}>
      <Space size="small">
        <StopOutlined style={{ color: dnd ? '#cf1322' : undefined }} />
        <Typography.Text>{t('desk.dnd')}</Typography.Text>
        <Switch checked={dnd} loading={busy === 'phone.dnd'} disabled={status !== 'open'}
          onChange={(on) => run('phone.dnd', { on })} data-testid="dnd-switch" data-state={dnd ? 'on' : 'off'} />
      </Space>
    </Tooltip>
  );
}
