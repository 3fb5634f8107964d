// A call offered to the desktop (not one its phone dials) while its tab is hidden shows a desktop
// notification (when the user turned them on): the caller, and the queue it comes from.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyWhileHidden } from '../common/desktopNotifications';
import { useCti } from '../cti/CtiContext';
import type { PhoneCall } from '../cti/protocol';

export function useCallNotifications(): void {
  const { t } = useTranslation();
  const { client } = useCti();
  useEffect(
    () =>
      client.onEvent((frame) => {
        if (frame.event !== 'call.offered') return;
        const call = frame.data as PhoneCall;
        if (call.outgoing) return;  // the user is dialling it
        notifyWhileHidden({
          title: t('notify.callOffered', { caller: call.caller }),
          body: call.queue ? t('notify.callQueue', { queue: call.queue }) : undefined,
          tag: `call-${call.call_id}`,
        });
      }),
    [client, t],
  );
}
