/** A published service guide (办事指南): every element of the item definition, in plain printable sections. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import type { ItemDefinition, PublishedItem } from './catalog.types.ts';
import { MaterialsTable } from './MaterialsTable.tsx';
import { useDataSourceLabel } from './MaterialSource.tsx';
import { formFields, type FormFieldInfo } from './guide.form.ts';
import { Badges } from '../../shared/Badges.tsx';
import { Facts, List, Section } from '../../shared/Section.tsx';
import { L, channelText, departmentText, itemTypeText, joinNodes, licenseTypeText, pick, useTextLang } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { ApplyStart } from '../apply/ApplyStart.tsx';

type Def = ItemDefinition;

/** Sections in page order: [id, i18n key]; the ids are stable for links and tests. */
const SECTIONS = [
  'basic', 'body', 'basis', 'conditions', 'refusal', 'rights', 'materials', 'form', 'process', 'limits', 'fees',
  'channels', 'scope', 'output', 'places', 'contact', 'remedies', 'faq',
] as const;

export function Guide({ item }: { item: PublishedItem }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const f = useFormat();
  const def = item.definition;
  usePageTitle(`${pick(def.name, lang)} - ${t('guide.docTitle')}`);

  return (
    <article className="tb-page tb-guide" data-testid="guide" data-code={item.code} data-version={item.version}>
      <p className="tb-back no-print">
        <Link to="/items">
          <ArrowLeftOutlined aria-hidden="true" /> {t('common.backToCatalog')}
        </Link>
      </p>
      <header className="tb-guide-header">
        <p className="tb-eyebrow">
          <L text={departmentText(def.department)} /> · <L text={itemTypeText(def.itemType)} />
        </p>
        <h1>
          <L text={def.name} />
        </h1>
        <p className="tb-version" data-testid="guide-version">
          {t('guide.version', { version: item.version })} · {t('guide.effectiveDate', { date: item.effectiveDate })}
          {item.publishedAt && <> · {t('guide.publishedAt', { date: f.date(item.publishedAt) })}</>}
        </p>
        <Badges
          fullyOnline={def.fullyOnline}
          instant={def.projectType === 'instant'}
          crossRegion={def.scope.crossRegion}
          cityWide={def.scope.cityWide}
        />
        {def.summary && (
          <p className="tb-lead">
            <L text={def.summary} />
          </p>
        )}
        <div className="tb-guide-actions no-print">
          {def.channels.includes('online') && <ApplyStart target={{ itemCode: item.code }} testId="apply-start" />}
          <Button data-testid="guide-print" icon={<PrinterOutlined aria-hidden="true" />} onClick={() => window.print()}>
            {t('guide.print')}
          </Button>
        </div>
      </header>

      <nav className="tb-toc no-print" aria-label={t('guide.toc')}>
        <h2 className="tb-toc-title">{t('guide.toc')}</h2>
        <ol>
          {SECTIONS.map((id) => (
            <li key={id}>
              <a href={`#${id}`}>{t(`guide.section.${id}`)}</a>
            </li>
          ))}
        </ol>
      </nav>

      <div className="tb-guide-body">
        <BasicSection def={def} />
        <BodySection def={def} />
        <BasisSection def={def} />
        <ConditionsSection def={def} />
        <RefusalSection def={def} />
        <RightsSection def={def} />
        <Section id="materials" title={t('guide.section.materials')}>
          <MaterialsTable materials={def.materials} />
        </Section>
        <FormSection def={def} />
        <ProcessSection def={def} />
        <LimitsSection def={def} />
        <FeesSection def={def} />
        <ChannelsSection def={def} />
        <ScopeSection def={def} />
        <OutputSection def={def} />
        <PlacesSection def={def} />
        <ContactSection def={def} />
        <RemediesSection def={def} />
        <FaqSection def={def} />
      </div>
    </article>
  );
}

function BasicSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  return (
    <Section id="basic" title={t('guide.section.basic')}>
      <Facts
        facts={[
          { label: t('guide.basic.name'), value: <L text={def.name} /> },
          { label: t('guide.basic.basicCode'), value: <code>{def.basicCode}</code> },
          { label: t('guide.basic.implementationCode'), value: <code>{def.implementationCode}</code> },
          def.handlingItemCode ? { label: t('guide.basic.handlingItemCode'), value: <code>{def.handlingItemCode}</code> } : null,
          { label: t('guide.basic.department'), value: <L text={departmentText(def.department)} /> },
          { label: t('guide.basic.itemType'), value: <L text={itemTypeText(def.itemType)} /> },
          { label: t('guide.basic.projectType'), value: t(`enums.projectType.${def.projectType}`) },
          {
            label: t('guide.basic.serviceObjects'),
            value: def.serviceObjects.map((o) => t(`enums.serviceObject.${o}`)).join(t('common.listSeparator')),
          },
          def.topics.length > 0 ? { label: t('guide.basic.topics'), value: <L text={{ zh: def.topics.join('、') }} /> } : null,
          def.keywords && def.keywords.length > 0
            ? { label: t('guide.basic.keywords'), value: <L text={{ zh: def.keywords.join('、') }} /> }
            : null,
          { label: t('guide.basic.quantityLimit'), value: def.quantityLimit ? <L text={def.quantityLimit} /> : t('common.none') },
        ]}
      />
    </Section>
  );
}

function BodySection({ def }: { def: Def }) {
  const { t } = useTranslation();
  const body = def.implementingBody;
  return (
    <Section id="body" title={t('guide.section.body')}>
      <Facts
        facts={[
          { label: t('guide.body.name'), value: <L text={body.name} /> },
          { label: t('guide.body.uscc'), value: <code>{body.uscc}</code> },
          { label: t('guide.body.nature'), value: t(`enums.bodyNature.${body.nature}`) },
          { label: t('guide.body.useLevel'), value: t(`enums.useLevel.${body.useLevel}`) },
          { label: t('guide.body.powerSource'), value: <L text={body.powerSource} /> },
          {
            label: t('guide.body.coHandling'),
            value: body.coHandling?.length ? <List items={body.coHandling.map((c, i) => <L key={i} text={c} />)} /> : t('common.none'),
          },
          body.entrustedBy ? { label: t('guide.body.entrustedBy'), value: <L text={body.entrustedBy} /> } : null,
          { label: t('guide.body.centralDepartment'), value: <L text={body.centralDepartment} /> },
          {
            label: t('guide.body.intermediaryServices'),
            value: body.intermediaryServices ? <L text={body.intermediaryServices} /> : t('common.none'),
          },
        ]}
      />
    </Section>
  );
}

function BasisSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  return (
    <Section id="basis" title={t('guide.section.basis')}>
      <ul className="tb-list tb-basis">
        {def.legalBasis.map((b, i) => (
          <li key={i}>
            <strong>
              <L text={{ zh: b.title }} />
            </strong>
            {b.article && (
              <span className="tb-block">
                {t('guide.basis.article')}
                <L text={{ zh: b.article }} />
              </span>
            )}
            {b.text && (
              <blockquote>
                <L text={{ zh: b.text }} />
              </blockquote>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function ConditionsSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  return (
    <Section id="conditions" title={t('guide.section.conditions')}>
      <ol className="tb-list tb-conditions">
        {def.conditions.map((c) => (
          <li key={c.id} data-condition={c.id}>
            <span className="tb-condition-text">
              <L text={c.text} />
            </span>
            {c.commitmentAllowed && <span className="tb-tag tb-tag--commitment">{t('guide.conditions.commitmentAllowed')}</span>}
            <span className="tb-block tb-remedy">
              {t('guide.conditions.remedy')}
              <L text={c.remedy} />
            </span>
          </li>
        ))}
      </ol>
      {def.questions && def.questions.length > 0 && (
        <>
          <h3>{t('guide.section.questions')}</h3>
          <ol className="tb-list">
            {def.questions.map((q) => (
              <li key={q.id}>
                <L text={q.label} />
                <span className="tb-block tb-muted">
                  {t('guide.questions.type')}{t(`enums.questionType.${q.type}`)}
                  {q.options && q.options.length > 0 && (
                    <>
                      {' · '}
                      {t('guide.questions.options')}{joinNodes(q.options.map((o) => <L key={o.value} text={o.label} />), t('common.listSeparator'))}
                    </>
                  )}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}

function RefusalSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  return (
    <Section id="refusal" title={t('guide.section.refusal')}>
      {def.refusalCases.length > 0 ? <List items={def.refusalCases.map((r, i) => <L key={i} text={r} />)} /> : <p>{t('common.none')}</p>}
    </Section>
  );
}

function RightsSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  return (
    <Section id="rights" title={t('guide.section.rights')}>
      <Facts
        facts={[
          { label: t('guide.rights.rights'), value: <L text={def.rights} /> },
          { label: t('guide.rights.duties'), value: <L text={def.duties} /> },
        ]}
      />
    </Section>
  );
}

function PrefillCell({ field }: { field: FormFieldInfo }) {
  const { t } = useTranslation();
  const source = useDataSourceLabel(field.prefill);
  if (!field.prefill) return <>{t('guide.form.manual')}</>;
  return <span className="tb-prefilled">{t('guide.form.prefilled', { source: source ?? field.prefill })}</span>;
}

function FormSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  const fields = formFields(def.form);
  return (
    <Section id="form" title={t('guide.section.form')}>
      {fields.length === 0 ? (
        <p>{t('guide.form.empty')}</p>
      ) : (
        <>
          <p>{t('guide.form.intro')}</p>
          <table className="tb-table tb-table--stack" data-testid="guide-form-fields">
            <caption className="tb-visually-hidden">{t('guide.section.form')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('guide.form.field')}</th>
                <th scope="col">{t('guide.form.required')}</th>
                <th scope="col">{t('guide.form.prefill')}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((field) => (
                <tr key={field.key} data-field={field.key}>
                  <th scope="row" data-label={t('guide.form.field')}>
                    <L text={field.title} />
                  </th>
                  <td data-label={t('guide.form.required')}>{field.required ? t('common.yes') : t('common.no')}</td>
                  <td data-label={t('guide.form.prefill')}>
                    <PrefillCell field={field} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}

function ProcessSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  const f = useFormat();
  const p = def.process;
  return (
    <Section id="process" title={t('guide.section.process')}>
      {p.flowDescription && (
        <p>
          {t('guide.process.flow')}
          <L text={p.flowDescription} />
        </p>
      )}
      <table className="tb-table tb-table--stack" data-testid="guide-steps">
        <caption className="tb-visually-hidden">{t('guide.section.process')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('guide.process.step')}</th>
            <th scope="col">{t('guide.process.role')}</th>
            <th scope="col">{t('guide.process.department')}</th>
            <th scope="col">{t('guide.process.limit')}</th>
            <th scope="col">{t('guide.process.description')}</th>
          </tr>
        </thead>
        <tbody>
          {p.steps.map((s, i) => (
            <tr key={s.id} data-step={s.id}>
              <th scope="row" data-label={t('guide.process.step')}>
                {i + 1}. <L text={s.name} />
              </th>
              <td data-label={t('guide.process.role')}>{t(`enums.stepRole.${s.role}`)}</td>
              <td data-label={t('guide.process.department')}>
                <L text={departmentText(s.department)} />
              </td>
              <td data-label={t('guide.process.limit')}>{f.days(s.limitDays)}</td>
              <td data-label={t('guide.process.description')}>
                {s.description && (
                  <span className="tb-block">
                    <L text={s.description} />
                  </span>
                )}
                {s.autoApproval && (
                  <span className="tb-block tb-auto">
                    <span className="tb-badge tb-badge--instant">{t('badge.instant')}</span>{' '}
                    <L text={s.autoApproval.description} />
                  </span>
                )}
                {!s.description && !s.autoApproval && '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.specialProcedures && p.specialProcedures.length > 0 && (
        <>
          <h3>{t('guide.process.special')}</h3>
          <List items={p.specialProcedures.map((sp, i) => <L key={i} text={sp} />)} />
        </>
      )}
    </Section>
  );
}

function LimitsSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  const f = useFormat();
  const limit = (l: Def['timeLimits']['legal']) => (
    <>
      <strong>{f.days(l.days)}</strong>
      {l.explain && (
        <span className="tb-block">
          <L text={l.explain} />
        </span>
      )}
    </>
  );
  return (
    <Section id="limits" title={t('guide.section.limits')}>
      <Facts
        facts={[
          { label: t('guide.limits.legal'), value: limit(def.timeLimits.legal) },
          { label: t('guide.limits.promised'), value: limit(def.timeLimits.promised) },
        ]}
      />
    </Section>
  );
}

function FeesSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  const fees = def.fees;
  return (
    <Section id="fees" title={t('guide.section.fees')}>
      <Facts
        facts={[
          { label: t('guide.fees.charged'), value: fees.charged ? t('guide.fees.paid') : t('guide.fees.free') },
          fees.charged ? { label: t('guide.fees.payOnline'), value: fees.payOnline ? t('common.yes') : t('common.no') } : null,
        ]}
      />
      {fees.items.length > 0 && (
        <table className="tb-table tb-table--stack" data-testid="guide-fees">
          <caption className="tb-visually-hidden">{t('guide.section.fees')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('guide.fees.name')}</th>
              <th scope="col">{t('guide.fees.standard')}</th>
              <th scope="col">{t('guide.fees.amount')}</th>
              <th scope="col">{t('guide.fees.basis')}</th>
              <th scope="col">{t('guide.fees.reducible')}</th>
            </tr>
          </thead>
          <tbody>
            {fees.items.map((fee, i) => (
              <tr key={i}>
                <th scope="row" data-label={t('guide.fees.name')}>
                  <L text={fee.name} />
                </th>
                <td data-label={t('guide.fees.standard')}>
                  <L text={fee.standard} />
                </td>
                <td data-label={t('guide.fees.amount')}>
                  {fee.amountYuan !== undefined ? t('guide.fees.yuan', { value: fee.amountYuan }) : '—'}
                </td>
                <td data-label={t('guide.fees.basis')}>
                  <L text={{ zh: fee.basis }} />
                </td>
                <td data-label={t('guide.fees.reducible')}>
                  {fee.reducible ? t('common.yes') : t('common.no')}
                  {fee.reductionBasis && (
                    <span className="tb-block">
                      {t('guide.fees.reductionBasis')}
                      <L text={{ zh: fee.reductionBasis }} />
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function ChannelsSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useTextLang();
  const express = [
    def.express.materials && t('guide.channels.expressMaterials'),
    def.express.results && t('guide.channels.expressResults'),
  ].filter((x): x is string => !!x);
  return (
    <Section id="channels" title={t('guide.section.channels')}>
      <Facts
        facts={[
          { label: t('guide.channels.channels'), value: f.list(def.channels.map((c) => pick(channelText(c), lang))) },
          {
            label: t('guide.channels.onlineDepth'),
            value:
              def.onlineDepth.length > 0
                ? f.list([...def.onlineDepth].sort((a, b) => a - b).map((d) => `${d}. ${depthName(t, d)}`))
                : t('common.none'),
          },
          { label: t('guide.channels.fullyOnline'), value: def.fullyOnline ? t('common.yes') : t('common.no') },
          { label: t('guide.channels.visits'), value: f.visits(def.visits.count) },
          def.visits.reason ? { label: t('guide.channels.visitsReason'), value: <L text={def.visits.reason} /> } : null,
          {
            label: t('guide.channels.appointment'),
            value: (
              <>
                {def.appointment.supported ? t('guide.channels.appointmentSupported') : t('guide.channels.appointmentNotSupported')}
                {def.appointment.rule && (
                  <span className="tb-block">
                    <L text={def.appointment.rule} />
                  </span>
                )}
              </>
            ),
          },
          { label: t('guide.channels.express'), value: express.length > 0 ? f.list(express) : t('guide.channels.expressNone') },
        ]}
      />
    </Section>
  );
}

type TFn = ReturnType<typeof useTranslation>['t'];
/** Name of an online handling depth (网上办理深度) level. */
function depthName(t: TFn, depth: number): string {
  switch (depth) {
    case 1: return t('enums.onlineDepth.1');
    case 2: return t('enums.onlineDepth.2');
    case 3: return t('enums.onlineDepth.3');
    case 4: return t('enums.onlineDepth.4');
    case 5: return t('enums.onlineDepth.5');
    case 6: return t('enums.onlineDepth.6');
    case 7: return t('enums.onlineDepth.7');
    default: return t('enums.onlineDepth.8');
  }
}

function ScopeSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  const s = def.scope;
  return (
    <Section id="scope" title={t('guide.section.scope')}>
      <Facts
        facts={[
          { label: t('guide.scope.cityWide'), value: s.cityWide ? t('common.yes') : t('common.no') },
          { label: t('guide.scope.crossRegion'), value: s.crossRegion ? t('common.yes') : t('common.no') },
          s.area ? { label: t('guide.scope.area'), value: t(`enums.area.${s.area}`) } : null,
          s.note ? { label: t('guide.scope.note'), value: <L text={s.note} /> } : null,
        ]}
      />
    </Section>
  );
}

function OutputSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  const f = useFormat();
  const o = def.output;
  return (
    <Section id="output" title={t('guide.section.output')}>
      <Facts
        facts={[
          { label: t('guide.output.kind'), value: t(`enums.outputKind.${o.kind}`) },
          o.name ? { label: t('guide.output.name'), value: <L text={o.name} /> } : null,
          o.licenseType ? { label: t('guide.output.licenseType'), value: <L text={licenseTypeText(o.licenseType)} /> } : null,
          o.sample ? { label: t('guide.output.sample'), value: <a href={o.sample.url}>{o.sample.name}</a> } : null,
          o.delivery && o.delivery.length > 0
            ? { label: t('guide.output.delivery'), value: f.list(o.delivery.map((d) => t(`enums.delivery.${d}`))) }
            : null,
        ]}
      />
    </Section>
  );
}

function PlacesSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  return (
    <Section id="places" title={t('guide.section.places')}>
      {def.places.map((place, i) => (
        <div className="tb-place" key={i}>
          <h3>
            <L text={place.name} />
          </h3>
          <Facts
            facts={[
              { label: t('guide.places.address'), value: <L text={place.address} /> },
              { label: t('guide.places.hours'), value: <L text={place.hours} /> },
              { label: t('guide.places.phone'), value: <a href={`tel:${place.phone}`}>{place.phone}</a> },
              place.traffic ? { label: t('guide.places.traffic'), value: <L text={place.traffic} /> } : null,
            ]}
          />
        </div>
      ))}
    </Section>
  );
}

/** A URL is linked; any other text (e.g. "随申办在线咨询") is shown as it is. */
function MaybeLink({ value }: { value: string }) {
  return /^https?:\/\//.test(value) ? <a href={value}>{value}</a> : <L text={{ zh: value }} />;
}

function ContactSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  const ways = (c: Def['consultation']) => (
    <ul className="tb-plain">
      <li>
        {t('guide.contact.phone')}
        <a href={`tel:${c.phone}`}>{c.phone}</a>
      </li>
      {c.online && (
        <li>
          {t('guide.contact.online')}
          <MaybeLink value={c.online} />
        </li>
      )}
    </ul>
  );
  return (
    <Section id="contact" title={t('guide.section.contact')}>
      <Facts
        facts={[
          { label: t('guide.contact.consultation'), value: ways(def.consultation) },
          { label: t('guide.contact.complaint'), value: ways(def.complaint) },
        ]}
      />
    </Section>
  );
}

function RemediesSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  const contact = (c: Def['remedies']['review']) => (
    <Facts
      facts={[
        { label: t('guide.remedies.name'), value: <L text={c.name} /> },
        c.address ? { label: t('guide.remedies.address'), value: <L text={c.address} /> } : null,
        { label: t('guide.remedies.phone'), value: <a href={`tel:${c.phone}`}>{c.phone}</a> },
        c.url ? { label: t('guide.remedies.url'), value: <MaybeLink value={c.url} /> } : null,
      ]}
    />
  );
  return (
    <Section id="remedies" title={t('guide.section.remedies')}>
      <h3>{t('guide.remedies.review')}</h3>
      {contact(def.remedies.review)}
      <h3>{t('guide.remedies.litigation')}</h3>
      {contact(def.remedies.litigation)}
    </Section>
  );
}

function FaqSection({ def }: { def: Def }) {
  const { t } = useTranslation();
  return (
    <Section id="faq" title={t('guide.section.faq')}>
      {def.faq.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        def.faq.map((qa, i) => (
          <div className="tb-faq" key={i}>
            <h3>
              <L text={qa.q} />
            </h3>
            <p>
              <L text={qa.a} />
            </p>
          </div>
        ))
      )}
    </Section>
  );
}
