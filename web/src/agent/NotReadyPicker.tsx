// "Not ready" with one of the tenant's reasons (hello.not_ready_reasons; a single "away" while the
// tenant has defined none, when the server takes any text). In the compact toolbar it is a native
// select, whose list opens outside an iframe only a row high; elsewhere a dropdown.
import { CoffeeOutlined, DownOutlined } from '@ant-design/icons';
import { Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { CommandButton } from '../cti/CommandButton';
import { useCti } from '../cti/CtiContext';
import { useCommand } from '../cti/useCommand';

const DEFAULT_REASON = 'away';

export function NotReadyPicker({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const { hello, offers } = useCti();
  const { run, busy } = useCommand();
  const reasons = hello?.not_ready_reasons ?? [];
  const items =
    reasons.length > 0
      ? reasons.map((reason) => ({ key: reason.code, label: zh ? reason.name_zh : reason.name_en }))
      : [{ key: DEFAULT_REASON, label: t('desk.away') }];
  const choose = (reason: string) => run('agent.not_ready', { reason });

  if (compact) {
    return (
      <select
        value=""
        disabled={!offers('agent.not_ready')}
        data-testid="agent-not-ready-select"
        onChange={(e) => e.target.value && choose(e.target.value)}
        style={{ height: 28, borderRadius: 6, border: '1px solid #d9d9d9', padding: '0 6px', background: '#fff' }}
      >
        <option value="">{t('desk.notReady')}…</option>
        {items.map((item) => (
          <option key={item.key} value={item.key}>
            {item.label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <Dropdown disabled={!offers('agent.not_ready')} trigger={['click']} menu={{ items, onClick: ({ key }) => choose(key) }}>
      <span>
        <CommandButton cmd="agent.not_ready" icon={<CoffeeOutlined />} loading={busy === 'agent.not_ready'} data-testid="agent-not-ready">
          {t('desk.notReady')} <DownOutlined />
        </CommandButton>
      </span>
    </Dropdown>
  );
}
