// A message from the supervisor (SUP-3) to one agent or, without one, to everyone of the tenant.
import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../cti/useCommand';

interface Props {
  open: boolean;
  // A user id, or "all" for a broadcast.
  to: number | 'all';
  toLabel: string;
  onClose: () => void;
}

export function MessageModal({ open, to, toLabel, onClose }: Props) {
  const { t } = useTranslation();
  const { run, busy } = useCommand();
  const [form] = Form.useForm<{ text: string }>();

  const send = async ({ text }: { text: string }) => {
    const done = await run('message.send', { to, text: text.trim() });
    if (done !== undefined) {
      form.resetFields();
      onClose();
    }
  };

  return (
    <Modal open={open} title={t('wall.messageTo', { to: toLabel })} onCancel={onClose} okText={t('desk.send')}
      confirmLoading={busy === 'message.send'} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} name="message-form" onFinish={send} layout="vertical">
        <Form.Item name="text" label={t('wall.messageText')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="message-text-input" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
