import { Button, type ButtonProps } from 'antd';
import type { MouseEvent } from 'react';
import { useHref, useLinkClickHandler, type To } from 'react-router-dom';

export type LinkButtonProps = Omit<ButtonProps, 'href' | 'onClick'> & { to: To; state?: unknown; replace?: boolean };

/**
 * A link that looks like a button: a real `<a href>` (so it can be opened in a new tab and is
 * announced as a link) that navigates inside the app without reloading the page.
 */
export function LinkButton({ to, state, replace, ...buttonProps }: LinkButtonProps) {
  const href = useHref(to);
  const handleClick = useLinkClickHandler<HTMLAnchorElement>(to, { state, ...(replace !== undefined ? { replace } : {}) });
  return (
    <Button
      {...buttonProps}
      href={href}
      onClick={(event: MouseEvent<HTMLElement>) => handleClick(event as MouseEvent<HTMLAnchorElement>)}
    />
  );
}
