// A button for one CTI command. When the server does not offer the command to this user (it is
// not in hello.commands), the button stays, disabled, and its tooltip says why: the desktop never
// pretends to do what the server cannot. A button the desktop disables for a reason of its own
// (`disabledReason`) says that one the same way.
import { Button, Tooltip, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCti } from './CtiContext';

interface Props extends ButtonProps {
  cmd: string;
  // Leave the button out entirely when the command is not offered.
  hideUnlessOffered?: boolean;
  // Why the button is disabled, when it is for a reason the server would refuse it for.
  disabledReason?: string | null;
}

export function CommandButton({ cmd, hideUnlessOffered, disabled, disabledReason, children, ...rest }: Props) {
  const { t } = useTranslation();
  const { offers, status } = useCti();
  const offered = offers(cmd);
  if (!offered && hideUnlessOffered) return null;
  const button = (
    <Button {...rest} disabled={disabled || !!disabledReason || !offered || status !== 'open'} data-cmd={cmd}
      data-offered={offered}>
      {children}
    </Button>
  );
  const why = offered ? disabledReason : t('cti.notOffered', { cmd });
  if (!why) return button;
  return (
    <Tooltip title={why}>
      <span>{button}</span>
    </Tooltip>
  );
}
