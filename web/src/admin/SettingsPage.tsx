import { App, AutoComplete, Button, Card, Descriptions, Form, Input, Select, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { MusicClass, Settings } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useShowError } from '../common/errors';
import { useList } from '../common/useList';

// The tenant's settings (ADM-4): how calls are recorded, the music on hold, the language callers
// hear, and the toll-fraud prefixes (who may dial international and premium-rate numbers).
export function SettingsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const music = useList<MusicClass>(can('moh.read') ? '/api/v1/moh' : null);
  const writable = can('settings.write');

  useEffect(() => {
    api
      .get<Settings>('/api/v1/settings')
      .then((answer) => {
        setSettings(answer);
        form.setFieldsValue(answer);
      })
      .catch(showError);
  }, [form, showError]);

  const save = async (values: Partial<Settings>) => {
    setSaving(true);
    try {
      const answer = await api.put<Settings>('/api/v1/settings', {
        recording_mode: values.recording_mode,
        music_class: values.music_class,
        language: values.language,
        international_prefixes: values.international_prefixes ?? '',
        premium_prefixes: values.premium_prefixes ?? '',
      });
      setSettings(answer);
      form.setFieldsValue(answer);
      message.success(t('common.saved'));
    } catch (error) {
      showError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('menu.settings')}>
      {!settings ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 24, maxWidth: 720 }}>
            <Descriptions.Item label={t('header.tenant')}>{settings.tenant}</Descriptions.Item>
            <Descriptions.Item label={t('settings.sipRealm')}>{settings.sip_realm}</Descriptions.Item>
          </Descriptions>
          <Form form={form} name="settings-form" layout="vertical" style={{ maxWidth: 560 }} onFinish={save} disabled={!writable}>
            <Form.Item name="recording_mode" label={t('settings.recordingMode')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select
                options={['stereo', 'mono', 'off'].map((mode) => ({ value: mode, label: t(`settings.recordingModes.${mode}`) }))}
              />
            </Form.Item>
            <Form.Item name="music_class" label={t('settings.musicClass')} rules={[{ required: true, message: t('validation.required') }]}>
              <AutoComplete options={[{ value: 'default' }, ...music.items.filter((m) => m.name !== 'default').map((m) => ({ value: m.name }))]} />
            </Form.Item>
            <Form.Item name="language" label={t('settings.language')} extra={t('settings.languageHint')}>
              <Select options={[{ value: 'zh-CN', label: '中文 (zh-CN)' }, { value: 'en', label: 'English (en)' }]} />
            </Form.Item>
            <Form.Item name="international_prefixes" label={t('settings.internationalPrefixes')} extra={t('settings.prefixesHint')}>
              <Input placeholder="00,+" />
            </Form.Item>
            <Form.Item name="premium_prefixes" label={t('settings.premiumPrefixes')} extra={t('settings.prefixesHint')}>
              <Input placeholder="1900,168" />
            </Form.Item>
            {writable && (
              <Button type="primary" htmlType="submit" loading={saving} data-testid="save-settings">
                {t('common.save')}
              </Button>
            )}
          </Form>
        </>
      )}
    </Card>
  );
}
