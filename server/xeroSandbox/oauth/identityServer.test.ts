import { describe, expect, it } from 'vitest';
import { redirectUriAllowed } from './identityServer.js';

describe('redirect URI matching', () => {
  it('matches registered URIs exactly, and loopback patterns on any port and path, but no other host', () => {
    const registered = ['https://crm.example.test/modules/XTiger/callback.php', 'http://127.0.0.1:*'];
    expect(redirectUriAllowed(registered, 'https://crm.example.test/modules/XTiger/callback.php')).toBe(true);
    expect(redirectUriAllowed(registered, 'https://crm.example.test/modules/XTiger/callback.php?x=1')).toBe(false);
    expect(redirectUriAllowed(registered, 'http://127.0.0.1:8123/xtiger/callback')).toBe(true);
    expect(redirectUriAllowed(registered, 'http://127.0.0.1:80@evil.example.test/cb')).toBe(false);
    expect(redirectUriAllowed(registered, 'http://127.0.0.2:8123/cb')).toBe(false);
  });
});
