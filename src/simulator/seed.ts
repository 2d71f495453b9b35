import type { AgentState, Fixtures, UserState } from './types.ts';

/**
 * userState objects exactly as the GWS agent-state pages show them
 * [src: READY 8.6.0, NOTREADY latest, ACW 8.5.2, AUX 8.5.2, AgentStateOffline latest]; the Offline
 * id is mixed case exactly as printed.
 */
export const USER_STATES: Readonly<Record<AgentState, UserState>> = {
  Ready: { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' },
  NotReady: { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' },
  AfterCallWork: { id: 'D3663509-3D82-4DD3-A82E-2EA8EFA02AEF', displayName: 'AfterCallWork', state: 'NotReady', workMode: 'AfterCallWork' },
  AuxWork: { id: '2B36138D-C564-4562-A8CB-3C32D564F296', displayName: 'AuxWork', state: 'NotReady', workMode: 'AuxWork' },
  LoggedOut: { id: '0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB', displayName: 'Offline', state: 'LoggedOut' },
};

export const DEFAULT_VERSION = '8.5.201.04';

/** The voice environment every seeded device belongs to. */
export const VOICE_ENVIRONMENT_ID = 'a7f3c2e1-5b4d-4c6a-9e8f-0d1c2b3a4f5e';

/**
 * Default seed. ksippo is the user of the Making a Request page [src: MAR, IAR]: empty password,
 * ROLE_AGENT, logged in on voice and NotReady so the page's NotReady call works as shown. Sorted by
 * lastName, firstName or userName the users come in three different orders, none of them the
 * seed's own, ascending or descending: a sort that is not applied shows.
 */
export const DEFAULT_FIXTURES: Fixtures = {
  skills: [
    { id: '1c5a3a84-2f6e-4a51-9d2b-6f0e8c1d7a01', name: 'Might', description: 'Strength of will' },
    { id: '2d6b4b95-3a7f-4b62-8e3c-7a1f9d2e8b02', name: 'Sales', description: 'Inbound sales' },
    { id: '3e7c5ca6-4b80-4c73-9f4d-8b2a0e3f9c03', name: 'Support' },
  ],
  users: [
    {
      id: '63630bbebf4840d7a0bffd6312bc29ff',
      userName: 'ksippo',
      password: '',
      firstName: 'Kristi',
      lastName: 'Sippola',
      roles: ['ROLE_AGENT'],
      enabled: true,
      changePasswordOnFirstLogin: false,
      skills: [
        { id: '2d6b4b95-3a7f-4b62-8e3c-7a1f9d2e8b02', level: 5 },
        { id: '1c5a3a84-2f6e-4a51-9d2b-6f0e8c1d7a01', level: 2 },
      ],
      device: { id: '74152ed8-9e3a-4c1b-8f2d-5a6b7c8d9e01', phoneNumber: '5000' },
      channels: ['voice', 'chat', 'email'],
      loggedIn: { voice: 'NotReady' },
    },
    {
      id: '5e0f1a2b3c4d4e5f8a9b0c1d2e3f4a5b',
      userName: 'lsupervisor',
      password: 'supervisor',
      firstName: 'Lauri',
      lastName: 'Salmi',
      roles: ['ROLE_AGENT', 'ROLE_SUPERVISOR'],
      enabled: true,
      changePasswordOnFirstLogin: false,
      // Might is ksippo's too: a skill two users share, for the skills.name filter's contract.
      skills: [
        { id: '3e7c5ca6-4b80-4c73-9f4d-8b2a0e3f9c03', level: 8 },
        { id: '1c5a3a84-2f6e-4a51-9d2b-6f0e8c1d7a01', level: 4 },
      ],
      device: { id: '85263fe9-af4b-4d2c-9a3e-6b7c8d9e0f02', phoneNumber: '5001' },
      channels: ['voice', 'chat', 'email'],
    },
    {
      id: '9a8b7c6d5e4f40318293a4b5c6d7e8f9',
      userName: 'admin',
      password: 'admin',
      firstName: 'Aino',
      lastName: 'Virtanen',
      roles: ['ROLE_ADMIN'],
      enabled: true,
      changePasswordOnFirstLogin: false,
      channels: [],
    },
    {
      // An "API user" system account: the same access as an administrator [src: Roles, UsersResource HTCC 8.5.2].
      id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      userName: 'apiuser',
      password: 'apiuser',
      firstName: 'API',
      lastName: 'User',
      roles: ['ROLE_APIUSER'],
      enabled: true,
      changePasswordOnFirstLogin: false,
      channels: [],
    },
  ],
};
