// A resource page: its table, a form in a modal to create or change one, and a confirmed delete.
// Most console pages are this with their own columns and form fields; the form's item names are
// the API's field names, so a 400 naming a field lands under it (useShowError).
import { Button, Card, Form, Modal, Popconfirm, Space, Table, Tooltip, type FormInstance } from 'antd';
import type { ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { useShowError } from './errors';
import { useList } from './useList';

type Values = Record<string, unknown>;

export interface CrudPageProps<T> {
  // The resource's name in test ids and form ids ("extension" → form "extension-form").
  resource: string;
  title: ReactNode;
  listPath: string;
  // Where one item lives; default `${listPath}/${id}`.
  itemPath?: (item: T) => string;
  rowKey: (item: T) => string | number;
  columns: ColumnsType<T>;
  writeCapability: string;
  // The form's fields; `editing` is null when creating.
  formFields?: (editing: T | null, form: FormInstance) => ReactNode;
  // The form's values for an item (default: the item itself).
  toFormValues?: (item: T) => Values;
  initialValues?: Values;
  // The request body from the form (default: the values as they are).
  toBody?: (values: Values, editing: T | null) => unknown;
  canCreate?: boolean;
  canEdit?: (item: T) => boolean;
  canDelete?: (item: T) => boolean;
  describe: (item: T) => string;
  // After a successful save (e.g. a queue's members), with the saved object.
  afterSave?: (saved: T, values: Values, editing: T | null) => Promise<void>;
  // Extra buttons per row.
  rowActions?: (item: T, reload: () => Promise<void>) => ReactNode;
  toolbar?: (reload: () => Promise<void>) => ReactNode;
  formWidth?: number;
  extra?: ReactNode;
  // The list answered (for pages that add up things from it).
  onItems?: (items: T[]) => void;
}

export function CrudPage<T extends object>(props: CrudPageProps<T>) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const showError = useShowError();
  const { items, loading, reload } = useList<T>(props.listPath);
  const { onItems } = props;
  useEffect(() => onItems?.(items), [items, onItems]);
  const [form] = Form.useForm();
  const [editing, setEditing] = useState<T | null>(null);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const writable = can(props.writeCapability);
  const itemPath = props.itemPath ?? ((item: T) => `${props.listPath}/${(item as { id: number }).id}`);

  const openForm = (item: T | null) => {
    setEditing(item);
    form.resetFields();
    form.setFieldsValue(item ? (props.toFormValues ?? ((i: T) => i as Values))(item) : (props.initialValues ?? {}));
    setOpen(true);
  };

  const save = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setSaving(true);
    try {
      const body = props.toBody ? props.toBody(values, editing) : values;
      const saved = editing
        ? await api.put<T>(itemPath(editing), body)
        : await api.post<T>(props.listPath, body);
      if (props.afterSave) await props.afterSave(saved ?? (editing as T), values, editing);
      setOpen(false);
      await reload();
    } catch (error) {
      showError(error, form);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (item: T) => {
    try {
      await api.del(itemPath(item));
      await reload();
    } catch (error) {
      showError(error);
    }
  };

  const editable = (item: T) => writable && !!props.formFields && (props.canEdit ? props.canEdit(item) : true);
  const deletable = (item: T) => writable && (props.canDelete ? props.canDelete(item) : true);
  const actions: ColumnsType<T> =
    writable || props.rowActions
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 1,
            render: (_, item) => (
              <Space size="small" wrap={false}>
                {editable(item) && (
                  <Button size="small" data-testid="edit" onClick={() => openForm(item)}>
                    {t('common.edit')}
                  </Button>
                )}
                {props.rowActions?.(item, reload)}
                {deletable(item) && (
                  <Popconfirm
                    title={t('common.confirmDelete', { name: props.describe(item) })}
                    okText={t('common.delete')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true, 'data-testid': 'confirm-delete' } as ButtonProps}
                    onConfirm={() => remove(item)}
                  >
                    <Button size="small" danger data-testid="delete">
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : [];

  const createButton =
    writable && props.formFields && props.canCreate !== false ? (
      <Button type="primary" data-testid={`create-${props.resource}`} onClick={() => openForm(null)}>
        {t('common.create')}
      </Button>
    ) : !writable && props.formFields ? (
      <Tooltip title={t('common.readOnly')}>
        <Button disabled>{t('common.create')}</Button>
      </Tooltip>
    ) : null;

  return (
    <Card
      title={props.title}
      extra={
        <Space>
          {props.extra}
          {props.toolbar?.(reload)}
          <Button onClick={() => void reload()}>{t('common.refresh')}</Button>
          {createButton}
        </Space>
      }
    >
      <Table<T>
        rowKey={props.rowKey}
        loading={loading}
        dataSource={items}
        columns={[...props.columns, ...actions]}
        pagination={items.length > 20 ? { pageSize: 20 } : false}
        size="middle"
        data-testid={`${props.resource}-table`}
      />
      {props.formFields && (
        <Modal
          open={open}
          title={editing ? t('common.editTitle', { name: props.describe(editing) }) : t('common.createTitle')}
          okText={t('common.save')}
          cancelText={t('common.cancel')}
          confirmLoading={saving}
          onOk={() => void save()}
          onCancel={() => setOpen(false)}
          okButtonProps={{ 'data-testid': 'save' } as ButtonProps}
          width={props.formWidth ?? 560}
          forceRender
        >
          <Form form={form} name={`${props.resource}-form`} layout="vertical" preserve={false}>
            {props.formFields(editing, form)}
          </Form>
        </Modal>
      )}
    </Card>
  );
}
