import { Button, Card, Popconfirm, Space, Table } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { SipBan } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useShowError } from '../common/errors';
import { formatTime } from '../common/format';
import { useList } from '../common/useList';

// SIP source addresses banned for failing digest authentication (platform operator): lift early.
export function SipBansPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const showError = useShowError();
  const bans = useList<SipBan>('/api/v1/security/sip-bans');

  const lift = async (ban: SipBan) => {
    try {
      await api.del(`/api/v1/security/sip-bans/${encodeURIComponent(ban.address)}`);
      await bans.reload();
    } catch (error) {
      showError(error);
    }
  };

  return (
    <Card title={t('menu.sipBans')} extra={<Button onClick={() => void bans.reload()}>{t('common.refresh')}</Button>}>
      <Table<SipBan>
        rowKey="address"
        loading={bans.loading}
        dataSource={bans.items}
        pagination={false}
        locale={{ emptyText: t('sipBans.none') }}
        columns={[
          { title: t('sipBans.address'), dataIndex: 'address' },
          { title: t('sipBans.failures'), dataIndex: 'failures' },
          { title: t('sipBans.until'), dataIndex: 'banned_until', render: formatTime },
          ...(can('security.write')
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 1,
                  render: (_: unknown, ban: SipBan) => (
                    <Space>
                      <Popconfirm
                        title={t('sipBans.liftConfirm', { address: ban.address })}
                        okText={t('common.ok')}
                        cancelText={t('common.cancel')}
                        okButtonProps={{ 'data-testid': 'confirm-lift' } as ButtonProps}
                        onConfirm={() => lift(ban)}
                      >
                        <Button size="small">{t('sipBans.lift')}</Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
