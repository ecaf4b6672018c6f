/** Building blocks of long, printable pages: titled sections and label/value lists. */
import type { ReactNode } from 'react';

/** A page section with an id (for links and the page's table of contents) and an h2. */
export function Section({ id, title, children, testId }: { id: string; title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section id={id} className="tb-section" aria-labelledby={`${id}-heading`} data-testid={testId}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

/** One label/value row; rows whose value is null or undefined are left out. */
export interface Fact {
  label: ReactNode;
  value: ReactNode;
  key?: string;
}

/** A definition list of facts, laid out as a two-column grid on wide screens and in print. */
export function Facts({ facts, className }: { facts: (Fact | false | null | undefined)[]; className?: string }) {
  const shown = facts.filter((f): f is Fact => !!f && f.value !== null && f.value !== undefined && f.value !== '');
  if (shown.length === 0) return null;
  return (
    <dl className={['tb-facts', className].filter(Boolean).join(' ')}>
      {shown.map((f, i) => (
        <div className="tb-fact" key={f.key ?? i}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A plain list, or null when empty. */
export function List({ items, ordered }: { items: ReactNode[]; ordered?: boolean }) {
  if (items.length === 0) return null;
  const children = items.map((item, i) => <li key={i}>{item}</li>);
  return ordered ? <ol className="tb-list">{children}</ol> : <ul className="tb-list">{children}</ul>;
}
