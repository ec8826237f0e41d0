// Best-effort IANA time zone of a phone number, for quiet hours. This is deliberately compact:
// - one zone per country for single-zone countries (and the most populous zone otherwise);
// - US and Canada by area code (NANP numbers are geographic; a mobile keeps its home area code,
//   which is the best we can know), Australia by the trunk digit of landlines, Brazil by DDD.
// A mobile number that moved is reported in its home zone; callers that know better (a contact's
// stored zone) should prefer that. Unknown countries give null, and quiet hours then fall back to
// the channel's zone.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const COUNTRY_ZONE: Readonly<Record<string, string>> = {
  US: 'America/New_York', CA: 'America/Toronto', PR: 'America/Puerto_Rico', MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo', AR: 'America/Argentina/Buenos_Aires', CL: 'America/Santiago', CO: 'America/Bogota',
  PE: 'America/Lima', VE: 'America/Caracas', EC: 'America/Guayaquil', UY: 'America/Montevideo',
  GB: 'Europe/London', GG: 'Europe/Guernsey', JE: 'Europe/Jersey', IM: 'Europe/Isle_of_Man', IE: 'Europe/Dublin', FR: 'Europe/Paris', DE: 'Europe/Berlin', ES: 'Europe/Madrid',
  IT: 'Europe/Rome', PT: 'Europe/Lisbon', NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', LU: 'Europe/Luxembourg',
  CH: 'Europe/Zurich', AT: 'Europe/Vienna', DK: 'Europe/Copenhagen', SE: 'Europe/Stockholm', NO: 'Europe/Oslo',
  FI: 'Europe/Helsinki', IS: 'Atlantic/Reykjavik', PL: 'Europe/Warsaw', CZ: 'Europe/Prague', SK: 'Europe/Bratislava',
  HU: 'Europe/Budapest', RO: 'Europe/Bucharest', BG: 'Europe/Sofia', GR: 'Europe/Athens', CY: 'Asia/Nicosia',
  MT: 'Europe/Malta', HR: 'Europe/Zagreb', SI: 'Europe/Ljubljana', RS: 'Europe/Belgrade', EE: 'Europe/Tallinn',
  LV: 'Europe/Riga', LT: 'Europe/Vilnius', UA: 'Europe/Kyiv', TR: 'Europe/Istanbul', RU: 'Europe/Moscow',
  KZ: 'Asia/Almaty', IL: 'Asia/Jerusalem', AE: 'Asia/Dubai', SA: 'Asia/Riyadh', QA: 'Asia/Qatar', EG: 'Africa/Cairo',
  MA: 'Africa/Casablanca', NG: 'Africa/Lagos', KE: 'Africa/Nairobi', GH: 'Africa/Accra', ZA: 'Africa/Johannesburg',
  IN: 'Asia/Kolkata', PK: 'Asia/Karachi', BD: 'Asia/Dhaka', LK: 'Asia/Colombo', CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong', TW: 'Asia/Taipei', JP: 'Asia/Tokyo', KR: 'Asia/Seoul', SG: 'Asia/Singapore',
  MY: 'Asia/Kuala_Lumpur', TH: 'Asia/Bangkok', VN: 'Asia/Ho_Chi_Minh', PH: 'Asia/Manila', ID: 'Asia/Jakarta',
  AU: 'Australia/Sydney', NZ: 'Pacific/Auckland',
};

function areaCodes(zone: string, codes: string): Array<[string, string]> {
  return codes.split(' ').map((code) => [code, zone]);
}

// US area codes outside Eastern time (Eastern is the default). Split areas use their majority zone.
const US_AREA_ZONE = new Map<string, string>([
  ...areaCodes('America/Chicago',
    '205 251 256 334 659 938 479 501 870 217 224 309 312 331 447 464 618 630 708 773 779 815 847 872 219 ' +
    '319 515 563 641 712 316 620 785 913 270 364 225 318 337 504 985 218 320 507 612 651 763 952 ' +
    '228 601 662 769 314 417 557 573 636 660 816 975 308 402 531 701 405 539 572 580 918 605 ' +
    '615 629 731 901 931 210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 ' +
    '903 936 940 945 956 972 979 262 274 414 534 608 715 920'),
  ...areaCodes('America/Denver', '303 719 720 970 983 208 986 406 505 575 385 435 801 307 915'),
  ...areaCodes('America/Phoenix', '480 520 602 623 928'),
  ...areaCodes('America/Los_Angeles',
    '209 213 279 310 323 341 350 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 ' +
    '760 805 818 820 831 840 858 909 916 925 949 951 702 725 775 458 503 541 971 206 253 360 425 509 564'),
  ...areaCodes('America/Anchorage', '907'),
  ...areaCodes('Pacific/Honolulu', '808'),
]);

// Canada: Eastern (Toronto) is the default.
const CA_AREA_ZONE = new Map<string, string>([
  ...areaCodes('America/Vancouver', '236 250 604 672 778'),
  ...areaCodes('America/Edmonton', '368 403 587 780 825'),
  ...areaCodes('America/Regina', '306 474 639'),
  ...areaCodes('America/Winnipeg', '204 431 584'),
  ...areaCodes('America/Halifax', '782 902'),
  ...areaCodes('America/Moncton', '428 506'),
  ...areaCodes('America/St_Johns', '709 879'),
  ...areaCodes('America/Yellowknife', '867'),
]);

// Australia landlines: 2 NSW/ACT (Sydney), 3 VIC/TAS, 7 QLD, 8 SA/NT/WA (Perth is the most
// populous of the three); mobiles (4) stay on the Sydney default.
const AU_TRUNK_ZONE: Readonly<Record<string, string>> = {
  '3': 'Australia/Melbourne', '7': 'Australia/Brisbane', '8': 'Australia/Perth',
};

// Brazil by DDD: only areas whose offset differs from Sao Paulo (UTC-3) are listed.
const BR_DDD_ZONE = new Map<string, string>([
  ...areaCodes('America/Cuiaba', '65 66'),
  ...areaCodes('America/Campo_Grande', '67'),
  ...areaCodes('America/Rio_Branco', '68'),
  ...areaCodes('America/Porto_Velho', '69'),
  ...areaCodes('America/Manaus', '92 97'),
  ...areaCodes('America/Boa_Vista', '95'),
]);

/** IANA zone for an E.164 number, or null when the country is unknown or the number unparsable. */
export function timezoneForNumber(e164: string): string | null {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return null;
  const country = parsed.country ?? (parsed.countryCallingCode === '1' ? 'US' : undefined);
  if (!country) return null;
  const national = parsed.nationalNumber;
  switch (country) {
    case 'US':
      return US_AREA_ZONE.get(national.slice(0, 3)) ?? 'America/New_York';
    case 'CA':
      return CA_AREA_ZONE.get(national.slice(0, 3)) ?? 'America/Toronto';
    case 'AU':
      return AU_TRUNK_ZONE[national.charAt(0)] ?? 'Australia/Sydney';
    case 'BR':
      return BR_DDD_ZONE.get(national.slice(0, 2)) ?? 'America/Sao_Paulo';
    default:
      return COUNTRY_ZONE[country] ?? null;
  }
}

/** Every zone this module can return, for tests and for validating a channel's configured zone. */
export function knownTimezones(): string[] {
  return [...new Set([
    ...Object.values(COUNTRY_ZONE), ...US_AREA_ZONE.values(), ...CA_AREA_ZONE.values(),
    ...Object.values(AU_TRUNK_ZONE), ...BR_DDD_ZONE.values(),
  ])];
}
