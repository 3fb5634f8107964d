// The CTI connection's state for a header: connected, connecting, reconnecting, or ended.
import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCti } from './CtiContext';

const STATUS = {
  open: 'success',
  connecting: 'processing',
  reconnecting: 'warning',
  ended: 'error',
} as const;

export function ConnectionBadge({ light = true }: { light?: boolean }) {
  const { t } = useTranslation();
  const { status } = useCti();
  return (
    <Badge
      status={STATUS[status]}
      data-testid="cti-status"
      data-status={status}
      text={<span style={{ color: light ? '#fff' : undefined }}>{t(`cti.connection.${status}`)}</span>}
    />
  );
}
