// Runs a CTI command from a control and shows the server's error message when it fails (the
// message as the server wrote it, under a title for its status — or the caller's own title for
// what the error means, from `explain`, e.g. "you may not dial this number" for a 403 on `number`).
import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCti } from './CtiContext';
import { CommandError } from './protocol';

export function useCommand() {
  const { command } = useCti();
  const { notification } = App.useApp();
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);

  const run = useCallback(
    async <T = unknown,>(
      cmd: string,
      args?: Record<string, unknown>,
      explain?: (error: CommandError) => string | null,
    ): Promise<T | undefined> => {
      setBusy(cmd);
      try {
        return await command<T>(cmd, args);
      } catch (error) {
        const status = error instanceof CommandError ? error.status : 0;
        const explained = status && explain ? explain(error as CommandError) : null;
        const title =
          explained ??
          (status ? t(`errors.${status}`, { defaultValue: t('common.error') }) : t('cti.commandFailed', { cmd }));
        notification.error({ message: title, description: (error as Error).message, key: `cti-${cmd}` });
        return undefined;
      } finally {
        setBusy(null);
      }
    },
    [command, notification, t],
  );

  return { run, busy };
}
