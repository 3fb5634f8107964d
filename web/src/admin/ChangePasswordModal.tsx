import { App, Form, Input, Modal } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useShowError } from '../common/errors';

// POST /api/v1/auth/password: the user's other sessions end, this one stays.
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);

  const save = async () => {
    let values: { current_password: string; new_password: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      await api.post('/api/v1/auth/password', {
        current_password: values.current_password,
        new_password: values.new_password,
      });
      message.success(t('password.changed'));
      form.resetFields();
      onClose();
    } catch (error) {
      showError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('header.changePassword')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'save-password' } as ButtonProps}
      forceRender
    >
      <Form form={form} name="password-form" layout="vertical">
        <Form.Item name="current_password" label={t('password.current')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="new_password"
          label={t('password.new')}
          extra={t('password.policy')}
          rules={[
            { required: true, message: t('validation.required') },
            { min: 8, message: t('validation.min8') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['new_password']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('new_password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
