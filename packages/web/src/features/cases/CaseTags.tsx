/**
 * The small marks of a case, used in lists and on case pages: the state tag (with outcome and "clock paused"), due
 * dates with their "预计" (provisional) marker and its explanation, and an org's name.
 */
import { PauseCircleOutlined } from '@ant-design/icons';
import { L } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import { outcomeText, stateText } from './cases.labels.ts';
import type { CaseSummary, Text } from './cases.types.ts';
import { useCaseT } from './cases.i18n.ts';

/**
 * The state of a case as a tag. `testId` is `case-state` for the case the page is about (and for each row of a list),
 * and left out for sub-cases, so that a page has one `case-state` per case shown.
 */
export function StateTag({ state, testId = 'case-state' }: { state: string; testId?: string | null }) {
  const ct = useCaseT();
  return (
    <span className={`tb-tag tb-case-state tb-case-state--${state}`} data-testid={testId ?? undefined} data-state={state}>
      {stateText(state, ct)}
    </span>
  );
}

/** The state tag with the outcome of a closed case and the "clock paused" marker. */
export function StateTags({ c, testId }: { c: CaseSummary; testId?: string | null }) {
  const ct = useCaseT();
  return (
    <span className="tb-case-tags">
      <StateTag state={c.state} testId={testId} />
      {c.outcome && (
        <span className={`tb-tag tb-case-outcome tb-case-outcome--${c.outcome}`} data-testid={testId ? 'case-outcome' : undefined} data-outcome={c.outcome}>
          {outcomeText(c.outcome, ct)}
        </span>
      )}
      {c.paused && (
        <span className="tb-tag tb-case-paused" data-testid={testId ? 'case-paused' : undefined}>
          <PauseCircleOutlined aria-hidden="true" /> {ct('cases.paused')}
        </span>
      )}
    </span>
  );
}

/** A calendar date with the "预计" marker when it was counted over a year whose holidays are not yet published. */
export function DueDate({ date, provisional, noteId }: { date: string; provisional: boolean; noteId?: string }) {
  const ct = useCaseT();
  const f = useFormat();
  return (
    <>
      <time dateTime={date}>{f.day(date)}</time>
      {provisional && (
        <>
          {' '}
          <span className="tb-tag tb-tag--provisional" data-testid="due-provisional" aria-describedby={noteId}>
            {ct('cases.provisional')}
          </span>
        </>
      )}
    </>
  );
}

/** The explanation of "预计", shown once near the dates that carry the marker. */
export function ProvisionalNote({ id }: { id: string }) {
  const ct = useCaseT();
  return (
    <p className="tb-hint tb-provisional-note" id={id} data-testid="provisional-note">
      <span className="tb-tag tb-tag--provisional">{ct('cases.provisional')}</span> {ct('cases.provisionalNote')}
    </p>
  );
}

/** The due date a list shows for a case: the promised date once accepted, else the current step's. */
export function listDue(c: CaseSummary): { date: string; provisional: boolean } | null {
  if (c.promisedDue) return { date: c.promisedDue, provisional: c.provisional };
  if (c.step?.dueDate) return { date: c.step.dueDate, provisional: c.step.provisional };
  return null;
}

/** The name of an org, in the reader's language. */
export function OrgName({ org }: { org: { code: string; name: Text } | null }) {
  if (!org) return null;
  return <L text={org.name} />;
}
