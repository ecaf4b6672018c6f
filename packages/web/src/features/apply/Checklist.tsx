/**
 * The pre-review checklist (智能预审): every problem of the application in one list — conditions, form fields,
 * materials — each with what to do and a link that opens the step and moves focus to the place to fix it.
 */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CloseCircleFilled, FileExclamationOutlined, FormOutlined } from '@ant-design/icons';
import type { LocalText } from '@tongban/core/text';
import { L, pick, useTextLang } from '../../shared/text.tsx';
import type { ApplicationView, ChecklistEntry } from './apply.types.ts';
import { stepOf, targetId } from './apply.steps.ts';
import { fieldId } from './FormStep.tsx';

/** The title of the form field a checklist entry is about (a string or {zh, en} in the schema), or null. */
function subjectOf(view: ApplicationView, entry: ChecklistEntry): LocalText | null {
  if (entry.kind !== 'form') return null;
  const rest = entry.path.replace(/^\/form\//, '');
  const field = rest.split('/')[0] ?? rest;
  const props = (view.form.schema.properties ?? {}) as Record<string, { title?: unknown } | undefined>;
  const title = props[field]?.title;
  if (typeof title === 'string') return { zh: title };
  if (title && typeof title === 'object' && 'zh' in title) return title as LocalText;
  return { zh: field, en: field };
}

const ICON = { condition: <CloseCircleFilled aria-hidden="true" />, form: <FormOutlined aria-hidden="true" />, material: <FileExclamationOutlined aria-hidden="true" /> };

export function Checklist({ view, entries }: { view: ApplicationView; entries: ChecklistEntry[] }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  return (
    <ol className="tb-checklist">
      {entries.map((e, i) => {
        const step = stepOf(e);
        const focus = targetId(e, (f) => fieldId(f));
        const subject = subjectOf(view, e);
        return (
          <li key={`${e.path}-${e.code}-${i}`} className={`tb-checklist-item tb-checklist-item--${e.kind}`} data-testid="checklist-item" data-kind={e.kind} data-path={e.path} data-code={e.code}>
            <p className="tb-checklist-message">
              {ICON[e.kind]}
              <span className="tb-checklist-kind">{t(`apply.review.kind.${e.kind}`)}</span>
              <strong>
                {subject && (
                  <>
                    <L text={subject} />
                    {t('apply.form.fieldSep')}
                  </>
                )}
                {pick(e.message, lang)}
              </strong>
            </p>
            {e.remedy && (
              <p className="tb-checklist-remedy">
                <L text={e.remedy} />
              </p>
            )}
            <Link to={{ search: `?step=${step}` }} state={{ focus }} className="tb-checklist-link" data-testid="checklist-fix">
              {t(`apply.review.fix.${e.kind}`)}
              <span className="tb-visually-hidden">{t('apply.review.fixOf', { subject: subject ? pick(subject, lang) : pick(e.message, lang) })}</span>
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
