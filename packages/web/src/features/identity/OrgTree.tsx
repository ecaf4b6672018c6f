/** The orgs of an officer's jurisdiction: one org and everything below it, as nested lists. */
import { useTranslation } from 'react-i18next';
import { Loading } from '../../shared/Feedback.tsx';
import { L, pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { getOrgSubtree } from './identity.api.ts';
import type { OrgView } from './identity.types.ts';
import { GuardedError } from './Guards.tsx';

type T = ReturnType<typeof useTranslation>['t'];

const ORG_KINDS = ['city_bureau', 'sub_bureau', 'station', 'window', 'department_bureau'] as const;
const ROLES = ['window_officer', 'reviewer', 'approver', 'department_head', 'producer', 'admin'] as const;

/** Name of an org kind; unknown kinds are shown as they are. */
export function orgKindText(kind: string, t: T): string {
  const known = ORG_KINDS.find((k) => k === kind);
  return known ? t(`enums.orgKind.${known}`) : kind;
}

/** Name of an officer role; unknown roles are shown as they are. */
export function roleText(role: string, t: T): string {
  const known = ROLES.find((r) => r === role);
  return known ? t(`enums.officerRole.${known}`) : role;
}

/** Loads /api/v1/officer/orgs/{code} and shows it as a tree. */
export function JurisdictionTree({ code }: { code: string }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const tree = useAsync((signal) => getOrgSubtree(code, signal), [code]);
  if (tree.status === 'error') return <GuardedError error={tree.error} onRetry={tree.reload} />;
  if (!tree.data) return <Loading />;
  const { org, subtree } = tree.data;
  const children = new Map<string, OrgView[]>();
  for (const o of subtree) {
    if (o.code === org.code || !o.parent) continue;
    children.set(o.parent, [...(children.get(o.parent) ?? []), o]);
  }
  return (
    <div className="tb-org-tree" data-testid="org-tree" data-org={org.code}>
      <h3>{t('officer.jurisdictionOf', { org: pick(org.name, lang) })}</h3>
      <p className="tb-muted">{t('officer.orgCount', { count: subtree.length })}</p>
      <ul className="tb-tree">
        <OrgNode org={org} below={children} />
      </ul>
    </div>
  );
}

function OrgNode({ org, below }: { org: OrgView; below: Map<string, OrgView[]> }) {
  const { t } = useTranslation();
  const kids = below.get(org.code) ?? [];
  return (
    <li>
      <span className="tb-tree-node" data-testid="org-node" data-org={org.code}>
        <strong>
          <L text={org.name} />
        </strong>{' '}
        <span className="tb-muted">
          {orgKindText(org.kind, t)} · <code>{org.code}</code>
        </span>
      </span>
      {kids.length > 0 && (
        <ul>
          {kids.map((o) => (
            <OrgNode key={o.code} org={o} below={below} />
          ))}
        </ul>
      )}
    </li>
  );
}
