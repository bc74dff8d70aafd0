import { describe, expect, it } from 'vitest';
import { checkOrigin, checkToken, cookieValue, tokenCookieName, type GuardConfig } from '../../../src-main/node/server/request-guard';

const loopback: GuardConfig = { host: '127.0.0.1', port: 7447, token: 'loopback-token' };
const lan: GuardConfig = { host: '192.168.1.5', port: 7447, token: 's3cret-token' };

describe('checkOrigin', () => {
  it('accepts same-origin requests and typed addresses on the loopback names', () => {
    for (const host of ['127.0.0.1:7447', 'localhost:7447', '[::1]:7447']) {
      expect(checkOrigin(loopback, { host }).allowed).toBe(true);
      expect(checkOrigin(loopback, { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }).allowed).toBe(true);
    }
    expect(checkOrigin(loopback, { host: '127.0.0.1:7447', 'sec-fetch-site': 'none' }).allowed).toBe(true);
  });

  it('rejects a foreign Host (DNS rebinding), a missing Host and another port', () => {
    expect(checkOrigin(loopback, { host: 'evil.example:7447' })).toMatchObject({ allowed: false, status: 403 });
    expect(checkOrigin(loopback, {})).toMatchObject({ allowed: false });
    expect(checkOrigin(loopback, { host: '127.0.0.1:80' })).toMatchObject({ allowed: false });
  });

  it('rejects cross-origin and cross-site requests', () => {
    expect(checkOrigin(loopback, { host: '127.0.0.1:7447', origin: 'http://evil.example' })).toMatchObject({ allowed: false });
    expect(checkOrigin(loopback, { host: '127.0.0.1:7447', origin: 'null' })).toMatchObject({ allowed: false });
    expect(checkOrigin(loopback, { host: '127.0.0.1:7447', origin: 'http://localhost:7447' })).toMatchObject({ allowed: false });
    expect(checkOrigin(loopback, { host: '127.0.0.1:7447', 'sec-fetch-site': 'cross-site' })).toMatchObject({ allowed: false });
    expect(checkOrigin(loopback, { host: '127.0.0.1:7447', 'sec-fetch-site': 'same-site' })).toMatchObject({ allowed: false });
  });

  it('answers to the bound address off loopback, and to any name on a wildcard bind', () => {
    expect(checkOrigin(lan, { host: '192.168.1.5:7447' }).allowed).toBe(true);
    expect(checkOrigin(lan, { host: '192.168.1.6:7447' }).allowed).toBe(false);
    expect(checkOrigin({ host: '0.0.0.0', port: 7447, token: 't' }, { host: 'my-nas.local:7447' }).allowed).toBe(true);
  });
});

describe('checkToken', () => {
  it('needs the token on loopback too, in any loopback address', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      const config = { ...loopback, host };
      expect(checkToken(config, {})).toMatchObject({ allowed: false, status: 401 });
      expect(checkToken(config, { authorization: 'Bearer loopback-token' }).allowed).toBe(true);
    }
  });

  it('needs the exact token as bearer header or cookie when one is set', () => {
    expect(checkToken(lan, {})).toMatchObject({ allowed: false, status: 401 });
    expect(checkToken(lan, { authorization: 'Bearer wrong' }).allowed).toBe(false);
    expect(checkToken(lan, { authorization: 'Bearer s3cret-tok' }).allowed).toBe(false);
    expect(checkToken(lan, { authorization: 'Bearer s3cret-token' }).allowed).toBe(true);
    expect(checkToken(lan, { cookie: 'a=b; lumen-token-7447=s3cret-token' }).allowed).toBe(true);
    expect(checkToken(lan, { cookie: 'lumen-token-7447=nope' }).allowed).toBe(false);
    // The cookie of a server on another port of the same host (browsers share cookies across ports).
    expect(checkToken(lan, { cookie: 'lumen-token-7448=s3cret-token' }).allowed).toBe(false);
    expect(checkToken(lan, { cookie: 'lumen-token=s3cret-token' }).allowed).toBe(false);
  });
});

describe('helpers', () => {
  it('names the cookie after the port', () => {
    expect(tokenCookieName(7447)).toBe('lumen-token-7447');
  });

  it('reads cookies', () => {
    expect(cookieValue('x=1; lumen-token=a=b', 'lumen-token')).toBe('a=b');
    expect(cookieValue(undefined, 'lumen-token')).toBeNull();
  });
});
