// A button for one CTI command. When the server does not offer the command to this user (it is
// not in hello.commands), the button stays, disabled, and its tooltip says why: the desktop never
// pretends to do what the server cannot.
import { Button, Tooltip, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCti } from './CtiContext';

interface Props extends ButtonProps {
  cmd: string;
  // Leave the button out entirely when the command is not offered.
  hideUnlessOffered?: boolean;
}

export function CommandButton({ cmd, hideUnlessOffered, disabled, children, ...rest }: Props) {
  const { t } = useTranslation();
  const { offers, status } = useCti();
  const offered = offers(cmd);
  if (!offered && hideUnlessOffered) return null;
  const button = (
    <Button {...rest} disabled={disabled || !offered || status !== 'open'} data-cmd={cmd} data-offered={offered}>
      {children}
    </Button>
  );
  if (offered) return button;
  return (
    <Tooltip title={t('cti.notOffered', { cmd })}>
      <span>{button}</span>
    </Tooltip>
  );
}
