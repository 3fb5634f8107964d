// Messages (SUP-3): what supervisors sent to this user or to everyone, newest first; and a box to
// send one to everyone when the role may (message.send).
import { MessageOutlined, SendOutlined } from '@ant-design/icons';
import { Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../common/format';
import { CommandButton } from '../cti/CommandButton';
import { useCti } from '../cti/CtiContext';
import { useCommand } from '../cti/useCommand';

export function MessagesPanel() {
  const { t } = useTranslation();
  const { messages, offers } = useCti();
  const { run, busy } = useCommand();
  const [text, setText] = useState('');

  const send = async () => {
    if (!text.trim()) return;
    const done = await run('message.send', { to: 'all', text: text.trim() });
    if (done !== undefined) setText('');
  };

  return (
    <Card size="small" title={<Space><MessageOutlined />{t('desk.messages')}</Space>} data-testid="messages">
      {messages.length === 0 ? (
        <Empty description={t('desk.noMessages')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List size="small" style={{ maxHeight: 260, overflow: 'auto' }} dataSource={[...messages].reverse()}
          renderItem={(message) => (
            <List.Item data-testid="message">
              <Space direction="vertical" size={0}>
                <Space size="small">
                  <Typography.Text strong>{message.from.username}</Typography.Text>
                  {message.to === 'all' && <Tag>{t('desk.toAll')}</Tag>}
                  <Typography.Text type="secondary">{formatTime(message.at)}</Typography.Text>
                </Space>
                <Typography.Text data-testid="message-text">{message.text}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      {offers('message.send') && (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} onPressEnter={send}
            placeholder={t('desk.messageToAll')} data-testid="message-input" />
          <CommandButton cmd="message.send" type="primary" icon={<SendOutlined />} loading={busy === 'message.send'} onClick={send}>
            {t('desk.send')}
          </CommandButton>
        </Space.Compact>
      )}
    </Card>
  );
}
