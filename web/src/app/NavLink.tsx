import { Link } from './Link';
import { usePathname } from './router';

/**
 * A navigation link that tells assistive technology when it points at the current page; with
 * `section`, at any page under it too (the header's "Back office" on every back-office screen).
 */
export function NavLink({ to, children, section = false }: { to: string; children: string; section?: boolean }) {
  const pathname = usePathname();
  const current = pathname === to || (section && pathname.startsWith(`${to}/`));
  return (
    <Link to={to} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}
