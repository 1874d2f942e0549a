import { describe, expect, it } from 'vitest';

import { extractToken, parseAuthorizationHeader } from '../src/token-sources.ts';

describe('parseAuthorizationHeader', () => {
  it('reads a web client header', () => {
    const header = 'MediaBrowser Client="Jellyfin Web", Device="Firefox", DeviceId="TW96aWxsYQ", Version="10.11.0", Token="abc123"';

    expect(parseAuthorizationHeader(header)).toEqual({
      scheme: 'MediaBrowser',
      params: { Client: 'Jellyfin Web', Device: 'Firefox', DeviceId: 'TW96aWxsYQ', Version: '10.11.0', Token: 'abc123' },
    });
  });

  it('accepts unquoted values and loose spacing', () => {
    expect(parseAuthorizationHeader('Emby   Token=abc ,Client = "x"')).toEqual({
      scheme: 'Emby',
      params: { Token: 'abc', Client: 'x' },
    });
  });

  it('URL-decodes values', () => {
    const header = parseAuthorizationHeader('MediaBrowser Device="Pixel%207%20Pro", Client="a+b", Version="%E2%9C%93"');

    expect(header?.params).toEqual({ Device: 'Pixel 7 Pro', Client: 'a b', Version: '✓' });
  });

  it('keeps a malformed escape', () => {
    expect(parseAuthorizationHeader('MediaBrowser Device="100%", Client="%zz%2"')?.params).toEqual({
      Device: '100%',
      Client: '%zz%2',
    });
  });

  it('keeps commas inside quotes', () => {
    expect(parseAuthorizationHeader('MediaBrowser Device="a, b", Token="t"')?.params).toEqual({ Device: 'a, b', Token: 't' });
  });

  it('keeps key case', () => {
    expect(parseAuthorizationHeader('MediaBrowser token="t"')?.params).toEqual({ token: 't' });
  });

  it('keeps = inside a value', () => {
    expect(parseAuthorizationHeader('MediaBrowser DeviceId="YWJj=="')?.params).toEqual({ DeviceId: 'YWJj==' });
  });

  it('skips parts without a key', () => {
    expect(parseAuthorizationHeader('MediaBrowser junk, ="x", Token="t",')?.params).toEqual({ Token: 't' });
  });

  it('reads a scheme without parameters', () => {
    expect(parseAuthorizationHeader('MediaBrowser')).toEqual({ scheme: 'MediaBrowser', params: {} });
  });

  it('returns undefined for a blank header', () => {
    expect(parseAuthorizationHeader('')).toBeUndefined();
    expect(parseAuthorizationHeader('   ')).toBeUndefined();
  });
});

describe('extractToken', () => {
  it('reads the Authorization token', () => {
    expect(extractToken({ authorization: 'MediaBrowser Client="x", Token="from-auth"' }, {})).toBe('from-auth');
  });

  it('accepts the Emby scheme in any case', () => {
    expect(extractToken({ authorization: 'emby Token="t1"' }, {})).toBe('t1');
    expect(extractToken({ authorization: 'MEDIABROWSER Token="t2"' }, {})).toBe('t2');
  });

  it('ignores other schemes', () => {
    expect(extractToken({ authorization: 'Basic Token="t"' }, {})).toBeUndefined();
    expect(extractToken({ authorization: 'Basic abc', 'x-emby-token': 'legacy' }, {})).toBe('legacy');
  });

  it('ignores a lower-case token key', () => {
    expect(extractToken({ authorization: 'MediaBrowser token="t"' }, {})).toBeUndefined();
  });

  it('reads X-Emby-Authorization without Authorization', () => {
    expect(extractToken({ 'x-emby-authorization': 'MediaBrowser Token="legacy-auth"' }, {})).toBe('legacy-auth');
    expect(extractToken({ authorization: '', 'x-emby-authorization': 'Emby Token="t"' }, {})).toBe('t');
  });

  it('skips X-Emby-Authorization when Authorization is present', () => {
    const headers = {
      authorization: 'MediaBrowser Client="no token"',
      'x-emby-authorization': 'MediaBrowser Token="ignored"',
      'x-mediabrowser-token': 'fallback',
    };

    expect(extractToken(headers, {})).toBe('fallback');
  });

  it('prefers sources in Jellyfin order', () => {
    const headers = {
      authorization: 'MediaBrowser Token="1"',
      'x-emby-token': '2',
      'x-mediabrowser-token': '3',
    };
    const query = { ApiKey: '4', api_key: '5' };

    expect(extractToken(headers, query)).toBe('1');
    expect(extractToken({ ...headers, authorization: undefined }, query)).toBe('2');
    expect(extractToken({ 'x-mediabrowser-token': '3' }, query)).toBe('3');
    expect(extractToken({}, query)).toBe('4');
    expect(extractToken({}, { api_key: '5' })).toBe('5');
  });

  it('skips empty tokens', () => {
    const headers = { authorization: 'MediaBrowser Token=""', 'x-emby-token': '' };

    expect(extractToken(headers, { ApiKey: '', api_key: 'k' })).toBe('k');
  });

  it('matches query names in any case', () => {
    expect(extractToken({}, { APIKEY: 'a' })).toBe('a');
    expect(extractToken({}, { Api_Key: 'b' })).toBe('b');
  });

  it('takes the first of repeated values', () => {
    expect(extractToken({ 'x-emby-token': ['first', 'second'] }, {})).toBe('first');
    expect(extractToken({}, { apikey: ['q1', 'q2'] })).toBe('q1');
  });

  it('ignores non-string query values', () => {
    expect(extractToken({}, { ApiKey: 42, api_key: { nested: 'x' } })).toBeUndefined();
  });

  it('returns undefined without a token', () => {
    expect(extractToken({ accept: 'application/json' }, { isHidden: 'false' })).toBeUndefined();
  });
});


describe('extractToken with a bearer token', () => {
  it('reads Authorization: Bearer', () => {
    expect(extractToken({ authorization: 'Bearer abc123' }, {})).toBe('abc123');
  });

  it('ignores an empty bearer value', () => {
    expect(extractToken({ authorization: 'Bearer ' }, { api_key: 'fallback' })).toBe('fallback');
  });
});
