import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorize, type Principal } from './policy.ts';

const paths = new Map<string, string[]>([
  ['SH', ['SH']], ['SH-HP', ['SH', 'SH-HP']], ['SH-HP-NJDL', ['SH', 'SH-HP', 'SH-HP-NJDL']], ['SH-PD', ['SH', 'SH-PD']],
]);
const officer = (role: Principal['roles'][number]['role'], org: string, department = 'household'): Principal =>
  ({ kind: 'officer', id: 'p', name: 'x', roles: [{ org, department, role }] });

describe('authorize', () => {
  it('allows a role within the subtree of the org where it is held', () => {
    const d = authorize(officer('reviewer', 'SH-HP'), 'person.read', { org: 'SH-HP-NJDL' }, paths);
    assert.deepEqual(d.allowed && [d.role, d.fullPersonalData], ['reviewer', true]);
  });
  it('denies outside the jurisdiction, for another department, for an unlisted role or action, and for citizens', () => {
    assert.deepEqual(authorize(officer('reviewer', 'SH-HP'), 'person.read', { org: 'SH-PD' }, paths), { allowed: false, reason: 'jurisdiction' });
    assert.deepEqual(authorize(officer('reviewer', 'SH-HP', 'traffic'), 'person.read', { org: 'SH-HP', department: 'household' }, paths), { allowed: false, reason: 'department' });
    assert.deepEqual(authorize(officer('window_officer', 'SH'), 'catalog.manage', null, paths), { allowed: false, reason: 'role' });
    assert.deepEqual(authorize(officer('admin', 'SH'), 'catalog.delete_everything', null, paths), { allowed: false, reason: 'no_policy' });
    assert.deepEqual(authorize({ kind: 'citizen', id: 'c', name: 'c', roles: [] }, 'org.read', { org: 'SH' }, paths), { allowed: false, reason: 'not_officer' });
  });
  it('lets a window act for its station', () => {
    const p2 = new Map(paths); p2.set('SH-HP-NJDL-W1', ['SH', 'SH-HP', 'SH-HP-NJDL', 'SH-HP-NJDL-W1']);
    const root = (o: string) => (o === 'SH-HP-NJDL-W1' ? 'SH-HP-NJDL' : o);
    assert.equal(authorize(officer('window_officer', 'SH-HP-NJDL-W1'), 'person.read', { org: 'SH-HP-NJDL' }, p2, root).allowed, true);
    assert.equal(authorize(officer('window_officer', 'SH-HP-NJDL-W1'), 'person.read', { org: 'SH-HP-NJDL' }, p2).allowed, false);
  });
  it('masks personal data for window officers and shows it to reviewers', () => {
    const w = authorize(officer('window_officer', 'SH-HP-NJDL'), 'person.read', { org: 'SH-HP-NJDL' }, paths);
    assert.equal(w.allowed && w.fullPersonalData, false);
  });
});
