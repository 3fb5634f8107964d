import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { PromptFile } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { AudioUpload } from '../common/AudioUpload';
import { useShowError } from '../common/errors';
import { formatBytes, formatDuration, formatTime } from '../common/format';
import { useList } from '../common/useList';

type Dialog = 'upload' | 'tts' | null;

// Prompts (IVR-11): the tenant's WAV files flows play, uploaded or spoken by text-to-speech, and
// heard here in an <audio> element (the session cookie goes along). Shared ones are read-only.
export function PromptsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { notification } = App.useApp();
  const showError = useShowError();
  const prompts = useList<PromptFile>('/api/v1/prompts');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const writable = can('prompts.write');

  const open = (which: Dialog) => {
    form.resetFields();
    form.setFieldsValue({ language: i18n.language === 'zh-CN' ? 'zh-CN' : 'en' });
    setDialog(which);
  };

  const save = async () => {
    let values: { name: string; file?: File; text?: string; language?: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      if (dialog === 'upload' && values.file) {
        await api.put(`/api/v1/prompts/${encodeURIComponent(values.name)}`, undefined, {
          raw: values.file,
          contentType: 'audio/wav',
        });
      } else {
        await api.post('/api/v1/prompts/tts', { name: values.name, text: values.text, language: values.language });
      }
      setDialog(null);
      await prompts.reload();
    } catch (error) {
      if (error instanceof ApiError && error.field === 'body') form.setFields([{ name: 'file', errors: [error.message] }]);
      else showError(error, form);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (prompt: PromptFile) => {
    try {
      await api.del(`/api/v1/prompts/${encodeURIComponent(prompt.name)}`);
      await prompts.reload();
    } catch (error) {
      const flows = (error as ApiError)?.body as { flows?: string[] } | undefined;
      if (error instanceof ApiError && error.status === 409 && flows?.flows) {
        notification.error({ message: t('prompts.inUse'), description: flows.flows.join(', ') });
      } else {
        showError(error);
      }
    }
  };

  const nameRule = [
    { required: true, message: t('validation.required') },
    { pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.wav$/, message: t('prompts.nameHint') },
  ];

  return (
    <Card
      title={t('menu.prompts')}
      extra={
        <Space>
          <Button onClick={() => void prompts.reload()}>{t('common.refresh')}</Button>
          {writable && (
            <>
              <Button data-testid="tts-prompt" onClick={() => open('tts')}>
                {t('prompts.tts')}
              </Button>
              <Button type="primary" data-testid="upload-prompt" onClick={() => open('upload')}>
                {t('prompts.upload')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Table<PromptFile>
        rowKey={(p) => `${p.shared}:${p.name}`}
        loading={prompts.loading}
        dataSource={prompts.items}
        pagination={prompts.items.length > 20 ? { pageSize: 20 } : false}
        columns={[
          {
            title: t('fields.name'),
            dataIndex: 'name',
            render: (name: string, p) => (
              <Space>
                {name}
                {p.shared && <Tag>{t('media.shared')}</Tag>}
              </Space>
            ),
          },
          { title: t('media.duration'), dataIndex: 'duration_ms', render: formatDuration },
          { title: t('media.size'), dataIndex: 'size_bytes', render: formatBytes },
          { title: t('media.modified'), dataIndex: 'modified_at', render: formatTime },
          {
            title: t('media.listen'),
            key: 'listen',
            render: (_, p) =>
              p.audio_url ? <audio controls preload="none" src={p.audio_url} style={{ height: 32 }} data-testid="prompt-audio" /> : '—',
          },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 1,
                  render: (_: unknown, p: PromptFile) =>
                    p.shared ? null : (
                      <Popconfirm
                        title={t('common.confirmDelete', { name: p.name })}
                        okText={t('common.delete')}
                        cancelText={t('common.cancel')}
                        okButtonProps={{ danger: true, 'data-testid': 'confirm-delete' } as ButtonProps}
                        onConfirm={() => remove(p)}
                      >
                        <Button size="small" danger data-testid="delete">
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={dialog !== null}
        title={dialog === 'upload' ? t('prompts.upload') : t('prompts.tts')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => void save()}
        onCancel={() => setDialog(null)}
        okButtonProps={{ 'data-testid': 'save' } as ButtonProps}
        forceRender
      >
        <Form form={form} name="prompt-form" layout="vertical">
          {dialog === 'upload' && (
            <Form.Item name="file" label={t('media.file')} rules={[{ required: true, message: t('validation.required') }]}>
              <AudioUpload
                onChange={(file) => {
                  if (file && !form.getFieldValue('name')) form.setFieldValue('name', file.name);
                }}
              />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('fields.name')} extra={t('prompts.nameHint')} rules={nameRule}>
            <Input placeholder="welcome.wav" />
          </Form.Item>
          {dialog === 'tts' && (
            <>
              <Form.Item name="text" label={t('prompts.text')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input.TextArea rows={4} maxLength={4000} showCount />
              </Form.Item>
              <Form.Item name="language" label={t('fields.language')}>
                <Select options={[{ value: 'zh-CN', label: '中文 (zh-CN)' }, { value: 'en', label: 'English (en)' }]} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
