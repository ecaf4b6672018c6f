/**
 * The officer's actions on a case: a button for each of `allowedActions` (nothing else), each opening a dialog with
 * what the action needs — a reason and legal basis to refuse, the list of items of a supplement request, a tracking
 * number or the pick-up code to deliver, the org to transfer to, the officer to assign — and a confirm button.
 * Every action but `comment` carries the loaded case's revision. A 409 `case.stale_revision` says the case was changed
 * by someone else and reloads it; a 409 `case.action_not_allowed` shows the server's message and what is allowed now;
 * a 422 puts its field errors next to the fields.
 */
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ConfigProvider, Input, Modal, type ThemeConfig } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError, type ProblemFieldError } from '../../shared/http.ts';
import { pick, useTextLang, type TextLang } from '../../shared/text.tsx';
import { FailureAlert, useErrorMessage } from '../../shared/Feedback.tsx';
import { Field, type FieldControlProps } from '../../shared/Field.tsx';
import { actOnCase, actionNotAllowed } from './cases.api.ts';
import { actionText, formFieldTitle } from './cases.labels.ts';
import type { CaseAction, CaseActionBody, OfficerCaseView } from './cases.types.ts';
import { useCaseT } from './cases.i18n.ts';

/** The order the buttons are shown in: the usual next step first, housekeeping last. */
const ORDER: CaseAction[] = ['claim', 'accept', 'approve', 'produce', 'deliver', 'supplement', 'refuse', 'deny', 'transfer', 'assign', 'release', 'archive', 'comment'];
/** Actions that end or turn down a case: shown as danger buttons. */
const DANGER = new Set<CaseAction>(['refuse', 'deny']);

/**
 * antd's red (#ff4d4f) is 3.2:1 on white: the danger buttons (refuse, deny) and their confirm buttons use a darker
 * red (6.5:1) here, on top of the app's theme (standard or elderly).
 */
const DANGER_THEME: ThemeConfig = { token: { colorError: '#b3261e', colorErrorHover: '#8c1d18', colorErrorActive: '#6f1713', colorErrorBorderHover: '#8c1d18' } };

/** What an action changed, for the page's status message. */
export interface ActionOutcome {
  action: CaseAction;
  view: OfficerCaseView;
}

/** A problem shown at the top of the panel (after the dialog closed). */
type Banner = { kind: 'stale' } | { kind: 'notAllowed'; message: string; allowed: string[] } | null;

export function ActionPanel({ c, onDone, onReload }: { c: OfficerCaseView; onDone: (outcome: ActionOutcome) => void; onReload: () => void }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [banner, setBanner] = useState<Banner>(null);
  const buttons = useRef<Partial<Record<CaseAction, HTMLElement | null>>>({});
  const allowed = ORDER.filter((a) => c.allowedActions.includes(a));

  const close = (action: CaseAction) => {
    setOpen(null);
    requestAnimationFrame(() => buttons.current[action]?.focus());
  };

  return (
    <ConfigProvider theme={DANGER_THEME}>
      <div className="tb-action-panel" data-testid="action-panel">
        {banner?.kind === 'stale' && (
          <Alert type="warning" showIcon role="alert" className="tb-error" data-testid="action-stale" title={ct('workbench.errors.staleTitle')} description={ct('workbench.errors.stale')} />
        )}
        {banner?.kind === 'notAllowed' && (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="tb-error"
            data-testid="action-not-allowed"
            title={banner.message}
            description={banner.allowed.length ? ct('workbench.errors.allowedNow', { actions: banner.allowed.map((a) => actionText(a, ct)).join(t('common.listSeparator')) }) : ct('workbench.errors.noneAllowed')}
          />
        )}
        {allowed.length === 0 ? (
          <p className="tb-muted" data-testid="no-actions">{ct('workbench.noActions')}</p>
        ) : (
          <ul className="tb-action-buttons">
            {allowed.map((a) => (
              <li key={a}>
                <Button
                  ref={(el) => {
                    buttons.current[a] = el;
                  }}
                  type={a === allowed[0] && !DANGER.has(a) ? 'primary' : 'default'}
                  danger={DANGER.has(a)}
                  data-testid={`action-${a}`}
                  onClick={() => {
                    setBanner(null);
                    setOpen(a);
                  }}
                >
                  {actionText(a, ct)}
                </Button>
              </li>
            ))}
          </ul>
        )}
        {open && (
          <ActionDialog
            key={open}
            action={open}
            c={c}
            onCancel={() => close(open)}
            onDone={(view) => {
              setOpen(null);
              onDone({ action: open, view });
            }}
            onConflict={(b) => {
              setOpen(null);
              setBanner(b);
              onReload();
            }}
          />
        )}
      </div>
    </ConfigProvider>
  );
}

/** The fields an action's dialog may hold. */
type FieldName = 'reason' | 'legalBasis' | 'items' | 'trackingNo' | 'pickupCode' | 'toOrg' | 'assignee' | 'note';
type FieldErrors = Partial<Record<FieldName, string>> & { itemErrors?: Record<number, string> };

/** Which field a 422 error path names (`/reason`, `/delivery/trackingNo`, `/items/0/message`, …). */
function fieldOf(path: string): { field: FieldName; index?: number } | null {
  const parts = path.split('/').filter(Boolean);
  const [head, second] = parts;
  switch (head) {
    case 'reason':
    case 'legalBasis':
    case 'toOrg':
    case 'assignee':
    case 'note':
    case 'trackingNo':
    case 'pickupCode':
      return { field: head };
    case 'delivery':
      return second === 'trackingNo' || second === 'pickupCode' ? { field: second } : null;
    case 'items': {
      const index = Number(second);
      return Number.isInteger(index) ? { field: 'items', index } : { field: 'items' };
    }
    default:
      return null;
  }
}

/** Sorts a 422's errors onto the fields; what names no field is returned as `rest`. */
function spread(errors: ProblemFieldError[], lang: TextLang): { fields: FieldErrors; rest: string[] } {
  const fields: FieldErrors = {};
  const rest: string[] = [];
  for (const e of errors) {
    const message = pick(e.message, lang);
    const at = fieldOf(e.path);
    if (!at) rest.push(message);
    else if (at.field === 'items' && at.index !== undefined) fields.itemErrors = { ...fields.itemErrors, [at.index]: message };
    else fields[at.field] = message;
  }
  return { fields, rest };
}

interface ItemDraft {
  message: string;
  path: string;
}

function ActionDialog({ action, c, onCancel, onDone, onConflict }: {
  action: CaseAction;
  c: OfficerCaseView;
  onCancel: () => void;
  onDone: (view: OfficerCaseView) => void;
  onConflict: (banner: Banner) => void;
}) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const id = useId();
  const [reason, setReason] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [note, setNote] = useState('');
  const [toOrg, setToOrg] = useState('');
  const [assignee, setAssignee] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [pickupCode, setPickupCode] = useState('');
  const [items, setItems] = useState<ItemDraft[]>([{ message: '', path: '' }]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<string[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const failureMessage = useErrorMessage(failure ?? new ApiError(0, undefined));
  const formRef = useRef<HTMLFormElement>(null);

  const needsReason = action === 'refuse' || action === 'deny' || action === 'transfer';
  const hasLegalBasis = action === 'refuse' || action === 'deny';
  const needsLegalBasis = action === 'refuse';
  const isDeliver = action === 'deliver';
  // the server decides the method (the form's choice, else e-licence, else window); the officer supplies what it needs
  const knownMethod = c.delivery?.method;
  const askTracking = isDeliver && (knownMethod === 'postal' || !knownMethod);
  const askPickup = isDeliver && (knownMethod === 'window' || !knownMethod);
  const noteRequired = action === 'comment';

  const focusFirstError = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (needsReason && !reason.trim()) found.reason = ct('workbench.errors.reasonRequired');
    if (needsLegalBasis && !legalBasis.trim()) found.legalBasis = ct('workbench.errors.legalBasisRequired');
    if (noteRequired && !note.trim()) found.note = ct('workbench.errors.noteRequired');
    if (action === 'transfer' && !toOrg.trim()) found.toOrg = ct('workbench.errors.toOrgRequired');
    if (action === 'assign' && !assignee.trim()) found.assignee = ct('workbench.errors.assigneeRequired');
    if (isDeliver && knownMethod === 'postal' && !trackingNo.trim()) found.trackingNo = ct('workbench.errors.trackingNoRequired');
    if (isDeliver && knownMethod === 'window' && !pickupCode.trim()) found.pickupCode = ct('workbench.errors.pickupCodeRequired');
    if (action === 'supplement') {
      const itemErrors: Record<number, string> = {};
      items.forEach((it, i) => {
        if (!it.message.trim()) itemErrors[i] = ct('workbench.errors.itemMessageRequired');
      });
      if (Object.keys(itemErrors).length) found.itemErrors = itemErrors;
    }
    setErrors(found);
    setOther([]);
    setFailure(null);
    if (Object.keys(found).length) {
      focusFirstError();
      return;
    }

    const body: CaseActionBody = { action };
    if (action !== 'comment') body.revision = c.revision;
    if (needsReason && reason.trim()) body.reason = reason.trim();
    if (hasLegalBasis && legalBasis.trim()) body.legalBasis = legalBasis.trim();
    if (note.trim()) body.note = note.trim();
    if (action === 'transfer') body.toOrg = toOrg.trim();
    if (action === 'assign') body.assignee = assignee.trim();
    if (action === 'supplement') body.items = items.map((it) => ({ message: it.message.trim(), ...(it.path ? { path: it.path } : {}) }));
    if (isDeliver) {
      const delivery = {
        ...(askTracking && trackingNo.trim() ? { trackingNo: trackingNo.trim() } : {}),
        ...(askPickup && pickupCode.trim() ? { pickupCode: pickupCode.trim() } : {}),
      };
      if (Object.keys(delivery).length) body.delivery = delivery;
    }

    setBusy(true);
    try {
      onDone(await actOnCase(c.id, body));
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, undefined);
      const code = error.problem?.code;
      if (error.status === 409 && code === 'case.stale_revision') {
        onConflict({ kind: 'stale' });
        return;
      }
      const notAllowed = actionNotAllowed(error);
      if (notAllowed) {
        const message = error.problem?.message ? pick(error.problem.message, lang) : ct('workbench.errors.notAllowed');
        onConflict({ kind: 'notAllowed', message, allowed: notAllowed.allowed ?? [] });
        return;
      }
      if (error.status === 422 || error.status === 400) {
        const { fields, rest } = spread(error.problem?.errors ?? [], lang);
        setErrors(fields);
        setOther(rest);
        if (Object.keys(fields).length) focusFirstError();
      }
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  /** A field of the dialog, its error from `errors` (shown with `action-error-<name>`), a * when required. */
  const field = (name: FieldName, label: string, required: boolean, hint: string | undefined, control: (p: FieldControlProps) => ReactNode) => (
    <Field id={`${id}-${name}`} label={label} hint={hint} error={errors[name]} errorTestId={`action-error-${name}`} required={required} requiredMark>
      {control}
    </Field>
  );

  const pathChoices = [
    ...Object.keys(c.application.form).map((f) => {
      const field = formFieldTitle(c.application.formSchema, f, lang);
      const prefill = c.application.prefill[f];
      // a prefilled value comes from a record: the applicant cannot change it here (the server refuses)
      return {
        value: `/form/${f}`,
        label: prefill
          ? ct('workbench.supplement.fieldChoicePrefilled', { field, source: pick(prefill.sourceName, lang) })
          : ct('workbench.supplement.fieldChoice', { field }),
      };
    }),
    ...c.application.materials.map((m) => ({ value: `/materials/${m.key}`, label: ct('workbench.supplement.materialChoice', { name: pick(m.name, lang) }) })),
  ];

  let fields: ReactNode = null;
  if (action === 'supplement') {
    fields = (
      <fieldset className="tb-fieldset tb-supplement-request">
        <legend className="tb-label">{ct('workbench.supplement.items')}</legend>
        <p className="tb-hint">{ct('workbench.supplement.itemsHint')}</p>
        <ol className="tb-supplement-request-items">
          {items.map((it, i) => (
            <li key={i} className="tb-supplement-request-item">
              <Field id={`${id}-item-${i}`} label={ct('workbench.supplement.message', { n: i + 1 })} error={errors.itemErrors?.[i]} required>
                {(p) => (
                  <Input.TextArea
                    {...p}
                    data-testid="supplement-item-message"
                    value={it.message}
                    onChange={(e) => setItems((list) => list.map((x, j) => (j === i ? { ...x, message: e.target.value } : x)))}
                    autoSize={{ minRows: 2 }}
                    maxLength={500}
                  />
                )}
              </Field>
              <Field id={`${id}-path-${i}`} label={ct('workbench.supplement.path', { n: i + 1 })}>
                {(p) => (
                  <select
                    {...p}
                    className="tb-select"
                    data-testid="supplement-item-path"
                    value={it.path}
                    onChange={(e) => setItems((list) => list.map((x, j) => (j === i ? { ...x, path: e.target.value } : x)))}
                  >
                    <option value="">{ct('workbench.supplement.noPath')}</option>
                    {pathChoices.map((choice) => (
                      <option key={choice.value} value={choice.value}>{choice.label}</option>
                    ))}
                  </select>
                )}
              </Field>
              {items.length > 1 && (
                <Button
                  htmlType="button"
                  icon={<DeleteOutlined aria-hidden="true" />}
                  data-testid="supplement-remove"
                  onClick={() => setItems((list) => list.filter((_, j) => j !== i))}
                >
                  {ct('workbench.supplement.remove', { n: i + 1 })}
                </Button>
              )}
            </li>
          ))}
        </ol>
        {errors.items && <p className="tb-field-error" data-testid="action-error-items">{errors.items}</p>}
        <Button
          htmlType="button"
          icon={<PlusOutlined aria-hidden="true" />}
          data-testid="supplement-add"
          onClick={() => {
            setItems((list) => [...list, { message: '', path: '' }]);
            requestAnimationFrame(() => document.getElementById(`${id}-item-${items.length}`)?.focus());
          }}
        >
          {ct('workbench.supplement.add')}
        </Button>
      </fieldset>
    );
  }

  return (
    <Modal
      open
      title={ct('workbench.dialog.title', { action: actionText(action, ct) })}
      onCancel={onCancel}
      footer={null}
      destroyOnHidden
      className="tb-action-dialog"
      width={action === 'supplement' ? 720 : 560}
    >
      <form ref={formRef} className="tb-form tb-form--wide" noValidate onSubmit={(e) => void submit(e)} data-testid="action-form" data-action={action}>
        <p>{ct(`workbench.dialog.intro.${action}`)}</p>
        {fields}
        {needsReason &&
          field('reason', ct('workbench.field.reason'), true, undefined, (p) => (
            <Input.TextArea {...p} data-testid="action-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 3 }} maxLength={1000} autoFocus />
          ))}
        {hasLegalBasis &&
          field('legalBasis', ct('workbench.field.legalBasis'), needsLegalBasis, ct('workbench.field.legalBasisHint'), (p) => (
            <Input {...p} data-testid="action-legal-basis" value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} maxLength={500} />
          ))}
        {isDeliver && knownMethod && <p className="tb-muted">{ct('workbench.field.deliveryMethod', { method: t(`enums.delivery.${knownMethod}`) })}</p>}
        {askTracking &&
          field('trackingNo', ct('workbench.field.trackingNo'), knownMethod === 'postal', undefined, (p) => (
            <Input {...p} data-testid="action-tracking-no" value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} maxLength={64} autoComplete="off" spellCheck={false} autoFocus={knownMethod === 'postal'} />
          ))}
        {askPickup &&
          field('pickupCode', ct('workbench.field.pickupCode'), knownMethod === 'window', ct('workbench.field.pickupCodeHint'), (p) => (
            <Input {...p} data-testid="action-pickup-code" value={pickupCode} onChange={(e) => setPickupCode(e.target.value)} maxLength={12} inputMode="numeric" autoComplete="off" autoFocus />
          ))}
        {action === 'transfer' &&
          field('toOrg', ct('workbench.field.toOrg'), true, ct('workbench.field.toOrgHint'), (p) => (
            <Input {...p} data-testid="action-to-org" value={toOrg} onChange={(e) => setToOrg(e.target.value)} maxLength={64} autoComplete="off" spellCheck={false} />
          ))}
        {action === 'assign' &&
          field('assignee', ct('workbench.field.assignee'), true, ct('workbench.field.assigneeHint'), (p) => (
            <Input {...p} data-testid="action-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} maxLength={64} autoComplete="off" spellCheck={false} autoFocus />
          ))}
        {field('note', noteRequired ? ct('workbench.field.comment') : ct('workbench.field.note'), noteRequired, undefined, (p) => (
          <Input.TextArea {...p} data-testid="action-note" value={note} onChange={(e) => setNote(e.target.value)} autoSize={{ minRows: 2 }} maxLength={1000} autoFocus={noteRequired} />
        ))}
        {(failure || other.length > 0) && <FailureAlert testId="action-error" title={ct('workbench.errors.failed')} message={failureMessage} details={other} />}
        <div className="tb-step-actions">
          <Button htmlType="button" onClick={onCancel} data-testid="action-cancel">
            {ct('workbench.dialog.cancel')}
          </Button>
          <Button type="primary" danger={DANGER.has(action)} htmlType="submit" loading={busy} data-testid="action-submit">
            {ct('workbench.dialog.confirm', { action: actionText(action, ct) })}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
