/** The GWS resources the simulator serves, one module each. */
import { calls } from './calls.ts';
import { channels } from './channels.ts';
import { chats } from './chats.ts';
import { devices } from './devices.ts';
import { emails } from './emails.ts';
import { features } from './features.ts';
import { me } from './me.ts';
import { openmedia } from './openmedia.ts';
import { settings } from './settings.ts';
import { skills } from './skills.ts';
import type { Resource, ResourceName } from './types.ts';
import { users } from './users.ts';

export const DEFAULT_RESOURCES: Readonly<Record<ResourceName, Resource>> = { me, channels, devices, users, skills, calls, chats, emails, openmedia, features, settings };
