// A queue's service level today as a coloured tag; its tooltip says what it counts.
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueFigures } from '../cti/protocol';
import { formatServiceLevel, serviceLevelColor } from './serviceLevel';

export function ServiceLevelTag({ queue }: { queue: QueueFigures }) {
  const { t } = useTranslation();
  const level = queue.service_level_today;
  return (
    <Tooltip
      title={t('wall.serviceLevelHint', {
        seconds: queue.service_level_s,
        within: queue.answered_within_sl_today,
        answered: queue.answered_today,
        abandoned: queue.abandoned_today - queue.abandoned_within_sl_today,
        overflowed: queue.overflowed_today,
      })}
    >
      <Tag color={serviceLevelColor(level)} data-testid={`wall-sl-${queue.name}`} data-level={level ?? ''}
        style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatServiceLevel(level)}
      </Tag>
    </Tooltip>
  );
}
