import { describe, expect, it } from 'vitest';
import { EXTENSION_ID, EXTENSION_PUBLIC_KEY } from '../src/extension-identity';
import { extensionIdForKey } from './extension-id';

describe('extension identity', () => {
  it('the committed key gives the committed extension ID', () => {
    expect(extensionIdForKey(EXTENSION_PUBLIC_KEY)).toBe(EXTENSION_ID);
  });
});
