import { useState, type FormEvent, type ReactNode } from 'react';

/**
 * Remount it (a `key` of the search) when the URL's search changes, so the box shows it.
 * `children`: more controls of the form (the brand and category filters).
 */
export function SearchForm({ initial, onSearch, children }: { initial: string; onSearch: (search: string) => void; children?: ReactNode }) {
  const [text, setText] = useState(initial);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(text.trim());
  }

  return (
    <form role="search" className="search" onSubmit={submit}>
      <label htmlFor="product-search">Search products</label>
      <input id="product-search" type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder="Name, description or SKU" />
      <button type="submit" className="button">
        Search
      </button>
      {children}
    </form>
  );
}
