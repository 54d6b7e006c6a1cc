import { Link } from './Link';
import { usePathname } from './router';

/** A navigation link that tells assistive technology when it points at the current page. */
export function NavLink({ to, children }: { to: string; children: string }) {
  const current = usePathname() === to;
  return (
    <Link to={to} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}
