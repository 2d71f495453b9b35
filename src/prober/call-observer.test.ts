import { describe, expect, it } from 'vitest';
import { observedCall } from './call-observer.ts';

describe('observedCall', () => {
  it('takes id, state and every number of the newest call shape, digits only [CallsDial 8.5.2]', () => {
    const call = observedCall({
      id: 'c1',
      state: 'Dialing',
      dnis: '15002',
      participants: [{ e164Number: '+15002', formattedPhoneNumber: '1-5002', phoneNumber: '15002', digits: '15002' }],
    });
    expect(call).toEqual({ id: 'c1', state: 'Dialing', numbers: ['15002'] });
  });

  it('reads the 2015 revision, participants as strings, the same way', () => {
    expect(observedCall({ id: 'c2', state: 'Established', participants: ['+49 30 1234'] })?.numbers).toEqual(['49301234']);
  });

  it('is undefined for something without an id or a state', () => {
    expect(observedCall({ state: 'Dialing' })).toBeUndefined();
    expect(observedCall({ id: 'c3' })).toBeUndefined();
    expect(observedCall(null)).toBeUndefined();
  });
});
