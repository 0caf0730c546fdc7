import type { Phone } from 'xero-node';

/**
 * Xero splits a phone into CountryCode, AreaCode and Number; Vtiger keeps one text ("+1 555 0110").
 * Vtiger → Xero: "+<country> <area> <rest>" fills all three, "+<country> <rest>" country and number, anything
 * else is the number alone. Xero → Vtiger joins them back ("+" before the country code), so a phone written
 * by XTiger reads back as it was.
 */
export interface PhoneParts {
  phoneCountryCode: string;
  phoneAreaCode: string;
  phoneNumber: string;
}

export function splitPhone(text: string | null | undefined): PhoneParts {
  const value = (text ?? '').trim().replace(/\s+/g, ' ');
  const full = /^\+(\d{1,4}) \(?(\d{1,6})\)? (.+)$/.exec(value);
  if (full) return { phoneCountryCode: full[1] ?? '', phoneAreaCode: full[2] ?? '', phoneNumber: full[3] ?? '' };
  const country = /^\+(\d{1,4}) (.+)$/.exec(value);
  if (country) return { phoneCountryCode: country[1] ?? '', phoneAreaCode: '', phoneNumber: country[2] ?? '' };
  return { phoneCountryCode: '', phoneAreaCode: '', phoneNumber: value };
}

export function joinPhone(phone: Pick<Phone, 'phoneCountryCode' | 'phoneAreaCode' | 'phoneNumber'> | undefined): string | null {
  if (!phone) return null;
  const country = (phone.phoneCountryCode ?? '').trim().replace(/^\+/, '');
  const area = (phone.phoneAreaCode ?? '').trim();
  const number = (phone.phoneNumber ?? '').trim();
  if (number === '' && area === '') return null;
  const text = [country ? `+${country}` : '', area, number].filter((p) => p !== '').join(' ');
  return text.replace(/\s+/g, ' ');
}
