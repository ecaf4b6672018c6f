/**
 * Routing (收受分离): which org is competent for a case, by declared rules. A case may be accepted at any window of
 * the department for a city-wide item; it is then handled by the competent org this finds.
 */
import { POLICE_DEPARTMENTS } from '../catalog/catalog.enums.ts';

/** An org as routing sees it. */
export interface RoutingOrg {
  code: string;
  parent: string | null;
  kind: string;
  district: string | null;
  departments: readonly string[];
}

export interface RoutingInput {
  department: string;
  /** the org holding the applicant's household registration (platform record), if local */
  householdOrg: string | null;
  /** the residence district (GB/T 2260 code), from the facts or the address */
  residenceDistrict: string | null;
}

export type RoutingRule = 'household_station' | 'residence_station' | 'district_sub_bureau' | 'department_bureau' | 'city_bureau' | 'agency';

export interface Route {
  org: string;
  rule: RoutingRule;
}

/** Departments handled at the station of the person's household or residence (派出所). */
export const STATION_DEPARTMENTS: readonly string[] = ['household', 'public_order'];

/** Shanghai's districts by the names used in addresses → division code (for a residence address without a code). */
const DISTRICTS: Record<string, string> = {
  黄浦区: '310101', 徐汇区: '310104', 长宁区: '310105', 静安区: '310106', 普陀区: '310107', 虹口区: '310109', 杨浦区: '310110',
  闵行区: '310112', 宝山区: '310113', 嘉定区: '310114', 浦东新区: '310115', 金山区: '310116', 松江区: '310117', 青浦区: '310118',
  奉贤区: '310120', 崇明区: '310151',
};

/** The district code of a Shanghai address, or null. */
export function districtOfAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  for (const [name, code] of Object.entries(DISTRICTS)) if (address.includes(name)) return code;
  return null;
}

const byCode = (a: RoutingOrg, b: RoutingOrg) => a.code.localeCompare(b.code);

/**
 * The competent org for a case. Station departments (household, public order): the station of the household
 * registration when it is local and has the department, else the first station with the department in the residence
 * district, else that district's sub-bureau. Other police departments: the department bureau that holds the
 * department, else the city bureau. Other agencies' departments: the agency holding the department.
 */
export function routeCase(input: RoutingInput, orgs: readonly RoutingOrg[]): Route {
  const has = (o: RoutingOrg) => o.departments.includes(input.department);
  if (!(POLICE_DEPARTMENTS as readonly string[]).includes(input.department)) {
    const agency = orgs.filter((o) => o.kind === 'agency' && has(o)).sort(byCode)[0];
    if (agency) return { org: agency.code, rule: 'agency' };
  }
  if (STATION_DEPARTMENTS.includes(input.department)) {
    const home = input.householdOrg ? orgs.find((o) => o.code === input.householdOrg) : undefined;
    if (home && home.kind === 'station' && has(home)) return { org: home.code, rule: 'household_station' };
    if (input.residenceDistrict) {
      const station = orgs.filter((o) => o.kind === 'station' && o.district === input.residenceDistrict && has(o)).sort(byCode)[0];
      if (station) return { org: station.code, rule: 'residence_station' };
      const sub = orgs.filter((o) => o.kind === 'sub_bureau' && o.district === input.residenceDistrict).sort(byCode)[0];
      if (sub) return { org: sub.code, rule: 'district_sub_bureau' };
    }
  }
  const bureau = orgs.filter((o) => o.kind === 'department_bureau' && has(o)).sort(byCode)[0];
  if (bureau) return { org: bureau.code, rule: 'department_bureau' };
  const city = orgs.find((o) => o.kind === 'city_bureau') ?? orgs.find((o) => o.parent === null)!;
  return { org: city.code, rule: 'city_bureau' };
}
