// Showing the server's errors where they belong: a field it names goes under that form field (also
// "overflow.target" under the nested item), anything else becomes a notification.
import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

// Every registered field of the form as a dotted path ("overflow.target").
function formFieldPaths(form: FormInstance): Set<string> {
  const paths = new Set<string>();
  const walk = (value: unknown, prefix: string) => {
    paths.add(prefix);
    if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Blob)) {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) walk(inner, `${prefix}.${key}`);
    }
  };
  for (const [key, value] of Object.entries(form.getFieldsValue() as Record<string, unknown>)) walk(value, key);
  return paths;
}

export function useShowError() {
  const { notification } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (!(error instanceof ApiError)) {
        notification.error({ message: t('common.error'), description: String((error as Error)?.message ?? error) });
        return;
      }
      if (error.status === 401) return; // the auth context sends the user to the login page
      const leftover: string[] = [];
      if (form && error.errors.length > 0) {
        const known = formFieldPaths(form);
        const byField = new Map<string, string[]>();
        for (const item of error.errors) {
          if (item.field && known.has(item.field)) {
            byField.set(item.field, [...(byField.get(item.field) ?? []), item.message]);
          } else {
            leftover.push(item.field ? `${item.field}: ${item.message}` : item.message);
          }
        }
        form.setFields([...byField.entries()].map(([field, errors]) => ({ name: field.split('.'), errors })));
        if (leftover.length === 0) return;
      }
      const description = leftover.length > 0 ? leftover.join('; ') : error.message;
      notification.error({ message: t(`errors.${error.status}`, { defaultValue: t('common.error') }), description });
    },
    [notification, t],
  );
}
