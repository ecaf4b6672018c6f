/** A person's record as label/value facts, and the tag that says whether it is shown in full or masked. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Facts } from '../../shared/Section.tsx';
import { useFormat } from '../../shared/format.ts';
import type { Disclosure } from './identity.types.ts';

/** 完整 / 已脱敏 (full / masked). */
export function DisclosureTag({ disclosure, testId = 'disclosure' }: { disclosure: Disclosure; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`tb-tag tb-tag--${disclosure === 'full' ? 'full' : 'masked'}`} data-testid={testId} data-disclosure={disclosure}>
      {t(`enums.disclosure.${disclosure === 'full' ? 'full' : 'masked'}`)}
    </span>
  );
}

export interface PersonData {
  name?: string;
  sex: string;
  birthDate: string;
  citizenId: string;
  phone: string | null;
  address: string | null;
  householdRegion: string;
}

/** Name (when given), sex, birth date, ID number, phone, address and household registration. */
export function PersonFacts({ person, householdOrg }: { person: PersonData; householdOrg: ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  const notRecorded = <span className="tb-muted">{t('profile.notRecorded')}</span>;
  const sex = person.sex === 'male' || person.sex === 'female' ? t(`enums.sex.${person.sex}`) : person.sex;
  return (
    <Facts
      className="tb-person"
      facts={[
        person.name !== undefined && { key: 'name', label: t('profile.name'), value: <span data-field="name">{person.name}</span> },
        { key: 'sex', label: t('profile.sex'), value: <span data-field="sex">{sex}</span> },
        { key: 'birthDate', label: t('profile.birthDate'), value: <span data-field="birthDate">{f.day(person.birthDate)}</span> },
        { key: 'citizenId', label: t('profile.citizenId'), value: <span className="tb-mono" data-field="citizenId">{person.citizenId}</span> },
        { key: 'phone', label: t('profile.phone'), value: person.phone ? <span className="tb-mono" data-field="phone">{person.phone}</span> : notRecorded },
        { key: 'address', label: t('profile.address'), value: person.address ? <span data-field="address">{person.address}</span> : notRecorded },
        { key: 'householdOrg', label: t('profile.householdOrg'), value: householdOrg ?? notRecorded },
        { key: 'householdRegion', label: t('profile.householdRegion'), value: <span className="tb-mono">{person.householdRegion}</span> },
      ]}
    />
  );
}
