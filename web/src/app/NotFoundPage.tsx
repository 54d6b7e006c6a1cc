import { Link } from './Link';
import { paths } from './routes';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link to={paths.catalog()}>Back to the catalog</Link>
      </p>
    </section>
  );
}
