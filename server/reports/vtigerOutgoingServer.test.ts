import { describe, expect, it } from 'vitest';
import { decodeVtigerProtectedText, encodeVtigerProtectedText, parseVtigerServer } from './vtigerOutgoingServer.js';

describe("Vtiger's Outgoing Server settings", () => {
  // Produced by Vtiger 8.2's own Vtiger_Functions::toProtectedText (include/utils/encryption.php) under PHP 8.
  const stored = { 'Secret#1': '$ve$z87Pzs_Pzs7Pzs7Pz87Pzs_Ozs_Pz87Oz87Ozs_Pzs_Pzs7Pz87Pzs_Ozs7Pzs_Pz8_Oz8_Pzs7Pz87Oz8_Pzg..', 'pä$$': '$ve$z87Ozs_Pz8_Ozs_Pz8_Ozs7Pzs_Pzs_Pz8_Oz8_Oz8_Pz87Pz87Pzw..' };

  it('reads the password as Vtiger stores it, and writes it the same way', () => {
    for (const [plain, protectedText] of Object.entries(stored)) {
      expect(decodeVtigerProtectedText(protectedText)).toBe(plain);
      expect(encodeVtigerProtectedText(plain)).toBe(protectedText);
    }
  });

  it('takes a password without the $ve$ prefix as it is (older rows), and refuses what is not Vtiger\'s form', () => {
    expect(decodeVtigerProtectedText('plain-pass')).toBe('plain-pass');
    expect(() => decodeVtigerProtectedText('$ve$AAAA')).toThrow(/Outgoing Server/);
  });

  it("reads PHPMailer's host syntax", () => {
    expect(parseVtigerServer('smtp.example.com', 0)).toEqual({ host: 'smtp.example.com', port: 25, secure: false, requireTLS: false });
    expect(parseVtigerServer('ssl://smtp.gmail.com:465', 0)).toEqual({ host: 'smtp.gmail.com', port: 465, secure: true, requireTLS: false });
    expect(parseVtigerServer('tls://smtp.office365.com', 587)).toEqual({ host: 'smtp.office365.com', port: 587, secure: false, requireTLS: true });
    expect(parseVtigerServer('127.0.0.1:2525', 25)).toEqual({ host: '127.0.0.1', port: 2525, secure: false, requireTLS: false });
  });
});
