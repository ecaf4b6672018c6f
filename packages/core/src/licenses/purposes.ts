/**
 * Presentation purposes (亮证场景): which claims of a licence a verifier sees for each purpose. A hotel needs to know
 * who checks in and that the document is valid — not the ID number; an internet café must register the ID number;
 * a window sees everything; a traffic check sees the holder and the vehicle or licence numbers.
 */
export const PRESENTATION_PURPOSES = ['hotel', 'internet_cafe', 'window', 'traffic'] as const;
export type PresentationPurpose = (typeof PRESENTATION_PURPOSES)[number];

export const PURPOSE_NAMES: Record<PresentationPurpose, { zh: string; en: string }> = {
  hotel: { zh: '酒店入住', en: 'Hotel check-in' },
  internet_cafe: { zh: '网吧上网', en: 'Internet café' },
  window: { zh: '窗口办事', en: 'Service window' },
  traffic: { zh: '交通查验', en: 'Traffic check' },
};

/** The claims each purpose reveals (those the licence has); `null` = every claim. */
const PURPOSE_CLAIMS: Record<PresentationPurpose, readonly string[] | null> = {
  hotel: ['name', 'photo'],
  internet_cafe: ['name', 'citizenId'],
  window: null,
  traffic: ['name', 'photo', 'plateNumber', 'vehicleType', 'licenceNumber', 'permitNumber', 'drivingClass'],
};

/** The claims to disclose for a purpose, among the claims the licence carries. */
export function claimsForPurpose(purpose: PresentationPurpose, available: readonly string[]): string[] {
  const wanted = PURPOSE_CLAIMS[purpose];
  return wanted === null ? [...available] : available.filter((c) => wanted.includes(c));
}

/**
 * Claims a printed copy's QR code reveals to whoever scans it: the licence's own particulars and the holder's
 * name, not the ID number, the address, the phone or images (the paper itself shows what the holder printed).
 */
const NOT_ON_PRINTED_QR = new Set(['citizenId', 'address', 'householdAddress', 'phone', 'photo', 'dogPhoto', 'sealImage', 'holderCode', 'vin', 'frameNumber']);

/** The claims a printed copy's QR code discloses, among those the licence carries. */
export function claimsForPrint(available: readonly string[]): string[] {
  return available.filter((c) => !NOT_ON_PRINTED_QR.has(c));
}
