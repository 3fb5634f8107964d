// The toolbar's own sign-in, one row: the host page has no session of ours to lend.
import { Alert, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/AuthContext';

export function EmbedLogin() {
  const { t } = useTranslation();
  const { login } = useAuth();
  const [problem, setProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: { username: string; password: string }) => {
    setSubmitting(true);
    setProblem(null);
    try {
      await login(values.username, values.password);
    } catch (error) {
      setProblem(error instanceof ApiError && error.status === 401 ? t('login.invalid') : (error as Error).message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Space size="small" wrap>
      <Form name="embed-login" layout="inline" size="small" onFinish={submit} requiredMark={false}>
        <Form.Item name="username" rules={[{ required: true, message: '' }]}>
          <Input placeholder={t('login.username')} autoComplete="username" data-testid="embed-username" />
        </Form.Item>
        <Form.Item name="password" rules={[{ required: true, message: '' }]}>
          <Input.Password placeholder={t('login.password')} autoComplete="current-password" data-testid="embed-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="embed-login-submit">
          {t('login.submit')}
        </Button>
      </Form>
      {problem && <Alert type="error" message={problem} banner style={{ padding: '0 8px' }} data-testid="embed-login-error" />}
    </Space>
  );
}
