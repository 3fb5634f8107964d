import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Backup } from '../api/types';
import { useShowError } from '../common/errors';
import { formatBytes, formatTime } from '../common/format';
import { useList } from '../common/useList';

// Database backups (ADM-4, platform operator): made online while calls go on, checked, listed and
// downloaded. Recordings and other files under DATA are not in them.
export function BackupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const backups = useList<Backup>('/api/v1/system/backups');
  const [creating, setCreating] = useState(false);

  const create = async () => {
    setCreating(true);
    try {
      const made = await api.post<Backup>('/api/v1/system/backups');
      message.success(t('backups.made', { name: made.name }));
      await backups.reload();
    } catch (error) {
      showError(error);
    } finally {
      setCreating(false);
    }
  };

  return (
    <Card
      title={t('menu.backups')}
      extra={
        <Space>
          <Button onClick={() => void backups.reload()}>{t('common.refresh')}</Button>
          <Button type="primary" loading={creating} onClick={() => void create()} data-testid="create-backup">
            {t('backups.create')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('backups.hint')}</Typography.Paragraph>
      <Table<Backup>
        rowKey="name"
        loading={backups.loading}
        dataSource={backups.items}
        pagination={backups.items.length > 20 ? { pageSize: 20 } : false}
        columns={[
          { title: t('fields.name'), dataIndex: 'name' },
          { title: t('media.size'), dataIndex: 'size_bytes', render: formatBytes },
          { title: t('fields.createdAt'), dataIndex: 'created_at', render: formatTime },
          {
            title: t('common.actions'),
            key: 'download',
            width: 1,
            render: (_, b) => (
              <Button size="small" icon={<DownloadOutlined />} href={b.download_url} download={b.name}>
                {t('backups.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
