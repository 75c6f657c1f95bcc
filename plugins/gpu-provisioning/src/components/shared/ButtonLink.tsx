import { ReactNode } from 'react';
import Button, { ButtonProps } from '@material-ui/core/Button';
import { Link as RouterLink } from 'react-router-dom';

/** Props of {@link ButtonLink}. */
export interface ButtonLinkProps {
  to: string;
  children: ReactNode;
  variant?: ButtonProps['variant'];
  color?: ButtonProps['color'];
  size?: ButtonProps['size'];
}

/**
 * A link that looks like a button. MUI gives any non-`button` component the
 * `button` role; a link that navigates should be announced as a link.
 */
export function ButtonLink(props: ButtonLinkProps) {
  const { to, children, ...rest } = props;
  return (
    <Button component={RouterLink} to={to} role={undefined} {...rest}>
      {children}
    </Button>
  );
}
