import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import type { Me } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { capabilitiesOf, homePath } from '../auth/workspaces';
import { useShowError } from '../common/errors';
import { LanguageSwitch } from '../common/LanguageSwitch';

// Where to go after signing in: the page that sent the user here, if it is one of the app's;
// else the user's home (an agent's desktop, everyone else's console).
function nextPath(raw: string | null, me: Me | null): string {
  if (raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/login')) return raw;
  return homePath(me, capabilitiesOf(me));
}

export function LoginPage() {
  const { t } = useTranslation();
  const { me, login, sessionEnded } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const showError = useShowError();

  if (me) return <Navigate to={nextPath(params.get('next'), me)} replace />;

  const submit = async (values: { username: string; password: string }) => {
    setSubmitting(true);
    setProblem(null);
    try {
      const signedIn = await login(values.username, values.password);
      navigate(nextPath(params.get('next'), signedIn), { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setProblem(t('login.invalid'));
      } else if (error instanceof ApiError && error.status === 429) {
        const seconds = error.retryAfterSeconds ?? 60;
        const minutes = Math.ceil(seconds / 60);
        setProblem(
          error.code === 'account_locked'
            ? t('login.locked', { minutes, seconds })
            : t('login.throttled', { minutes, seconds }),
        );
      } else if (error instanceof ApiError && error.field) {
        showError(error, form);
      } else {
        showError(error);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #e6f4ff 0%, #f5f5f5 100%)',
      }}
    >
      <Card style={{ width: 380 }} data-testid="login-card">
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <LanguageSwitch />
          </div>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          {sessionEnded && !problem && <Alert type="info" showIcon message={t('login.sessionEnded')} />}
          {problem && <Alert type="error" showIcon message={problem} data-testid="login-error" />}
          <Form form={form} name="login" layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
