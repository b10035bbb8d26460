/** 127.0.0.1 written the ways attackers write it to slip past a naive check; both guard tests use them. */
export const NUMERIC_LOOPBACK_FORMS = [
  'http://2130706433/',
  'http://0177.0.0.1/',
  'http://0x7f000001/',
  'http://127.1/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
];
