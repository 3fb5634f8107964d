import { AutoComplete, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag } from 'antd';
import type { ButtonProps } from 'antd';
import { useEffect, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { MusicClass, MusicFile } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { AudioUpload } from '../common/AudioUpload';
import { useShowError } from '../common/errors';
import { formatBytes, formatDuration, formatTime } from '../common/format';
import { useList } from '../common/useList';

const audioPath = (cls: string, file: string) =>
  `/api/v1/moh/${encodeURIComponent(cls)}/${encodeURIComponent(file)}`;

// Music on hold (PBX-4): classes are folders of WAV files; the tenant's own can be uploaded to and
// emptied, shared ones are read-only. Held callers hear a change at once.
export function MusicPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const showError = useShowError();
  const classes = useList<MusicClass>('/api/v1/moh');
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const writable = can('moh.write');
  const classKey = (c: MusicClass) => `${c.shared}:${c.name}`;
  const [expanded, setExpanded] = useState<Key[]>([]);
  useEffect(() => setExpanded(classes.items.map(classKey)), [classes.items]); // every class open

  const upload = async () => {
    let values: { class: string; file: File; name: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      await api.put(audioPath(values.class, values.name), undefined, { raw: values.file, contentType: 'audio/wav' });
      setOpen(false);
      await classes.reload();
    } catch (error) {
      if (error instanceof ApiError && error.field === 'body') form.setFields([{ name: 'file', errors: [error.message] }]);
      else if (error instanceof ApiError && error.field === 'file') form.setFields([{ name: 'name', errors: [error.message] }]);
      else showError(error, form);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (path: string) => {
    try {
      await api.del(path);
      await classes.reload();
    } catch (error) {
      showError(error);
    }
  };

  const fileColumns = (cls: MusicClass) => [
    { title: t('media.file'), dataIndex: 'name' },
    { title: t('media.duration'), dataIndex: 'duration_ms', render: formatDuration },
    { title: t('media.size'), dataIndex: 'size_bytes', render: formatBytes },
    { title: t('media.modified'), dataIndex: 'modified_at', render: formatTime },
    {
      title: t('media.listen'),
      key: 'listen',
      render: (_: unknown, f: MusicFile) => (
        <audio controls preload="none" src={`${audioPath(cls.name, f.name)}/audio`} style={{ height: 32 }} />
      ),
    },
    ...(writable && !cls.shared
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 1,
            render: (_: unknown, f: MusicFile) => (
              <Popconfirm
                title={t('common.confirmDelete', { name: f.name })}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'confirm-delete' } as ButtonProps}
                onConfirm={() => remove(audioPath(cls.name, f.name))}
              >
                <Button size="small" danger>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('menu.moh')}
      extra={
        <Space>
          <Button onClick={() => void classes.reload()}>{t('common.refresh')}</Button>
          {writable && (
            <Button
              type="primary"
              data-testid="upload-music"
              onClick={() => {
                form.resetFields();
                setOpen(true);
              }}
            >
              {t('moh.upload')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<MusicClass>
        rowKey={classKey}
        loading={classes.loading}
        dataSource={classes.items}
        pagination={false}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded([...keys]),
          expandedRowRender: (cls) => (
            <Table<MusicFile> rowKey="name" size="small" pagination={false} dataSource={cls.files} columns={fileColumns(cls)} />
          ),
        }}
        columns={[
          {
            title: t('moh.class'),
            dataIndex: 'name',
            render: (name: string, c) => (
              <Space>
                {name}
                {c.shared && <Tag>{t('media.shared')}</Tag>}
              </Space>
            ),
          },
          { title: t('moh.files'), key: 'files', render: (_, c) => c.files.length },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 1,
                  render: (_: unknown, c: MusicClass) =>
                    c.shared ? null : (
                      <Popconfirm
                        title={t('moh.deleteClass', { name: c.name })}
                        okText={t('common.delete')}
                        cancelText={t('common.cancel')}
                        okButtonProps={{ danger: true } as ButtonProps}
                        onConfirm={() => remove(`/api/v1/moh/${encodeURIComponent(c.name)}`)}
                      >
                        <Button size="small" danger disabled={c.files.length > 0} title={c.files.length > 0 ? t('moh.notEmpty') : undefined}>
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
        open={open}
        title={t('moh.upload')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => void upload()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'save' } as ButtonProps}
        forceRender
      >
        <Form form={form} name="moh-form" layout="vertical">
          <Form.Item name="class" label={t('moh.class')} extra={t('moh.classHint')} rules={[{ required: true, message: t('validation.required') }]}>
            <AutoComplete options={classes.items.filter((c) => !c.shared).map((c) => ({ value: c.name }))} />
          </Form.Item>
          <Form.Item name="file" label={t('media.file')} rules={[{ required: true, message: t('validation.required') }]}>
            <AudioUpload
              onChange={(file) => {
                if (file && !form.getFieldValue('name')) form.setFieldValue('name', file.name);
              }}
            />
          </Form.Item>
          <Form.Item name="name" label={t('fields.name')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input placeholder="track1.wav" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
