/**
 * The GWS documentation pages behind the source tags that catalog entries, schema rules and
 * contract messages cite (`[MAR]`, `[src: RV852]`), so that a report links the page instead of
 * printing an unexplained tag. Keys and pages as the domain reference lists them.
 */
export const GWS_DOC_PAGES: Readonly<Record<string, string>> = Object.freeze({
  RV850: 'https://enu.docs.genesys.com/Documentation/GWS/8.5.0/API/ReturnValues',
  RV851: 'https://docs.genesys.com/Documentation/GWS/8.5.1/API/ReturnValues',
  RV852: 'https://enu.docs.genesys.com/Documentation:HTCC:API:ReturnValues:8.5.2',
  MAR: 'https://enu.docs.genesys.com/Documentation/GWS/8.5.2/API/MakingaRequest',
  IAR: 'https://docs.genesys.com/Documentation/HTCC/latest/API/InterpretingaResponse',
  CSRFAPI: 'https://enu.docs.genesys.com/Documentation/GWS/8.5.2/API/CSRFProtection',
  CSRFDEP: 'https://docs.genesys.com/Documentation/GWS/8.5.2/Dep/CSRFProtection',
  ROLES: 'https://docs.genesys.com/Documentation/HTCC/latest/API/Roles',
  USERRES: 'https://enu.docs.genesys.com/Documentation/GWS/8.5.2/API/UsersResource',
  USERSAPI851: 'https://docs.genesys.com/Documentation/HTCC/8.5.1/API/UsersAPI',
  REQPAR: 'https://docs.genesys.com/Documentation:HTCC:API:RequestParameters:8.5.0',
  SUBRES: 'https://docs.genesys.com/Documentation/GWS/8.5.2/API/Subresources',
  SKILLS851: 'https://docs.genesys.com/Documentation/GWS/8.5.1/API/SkillsAPI',
  DEVRES: 'https://en.docs.genesys.com/index.php?direction=prev&oldid=375097&title=Documentation%3AHTCC%3AAPI%3ACallsDeviceResource%3A8.5.2DRAFT',
  DEVLIST: 'https://docs.genesys.com/Documentation/HTCC/latest/API/DevicesList',
  CHANRES: 'https://docs.genesys.com/Documentation/HTCC/8.5.2/API/ChannelsResource',
  READY: 'https://docs.genesys.com/Documentation/GWS/8.6.0/API/AgentStateReady',
  NOTREADY: 'https://docs.genesys.com/Documentation/HTCC/latest/API/AgentStateNotReady',
  ACW: 'https://docs.genesys.com/Documentation/GWS/8.5.2/API/AgentStateAfterCallWork',
  AUX: 'https://docs.genesys.com/Documentation/GWS/8.5.2/API/AgentStateAuxWork',
  SCCS: 'https://docs.genesys.com/Documentation/GWS/8.5.2/API/StartContactCenterSession',
  ECCS: 'https://docs.genesys.com/Documentation/HTCC/8.5.2/API/EndContactCenterSession',
  RECOVER: 'https://docs.genesys.com/Documentation/GWS/8.6.0/API/RecoveringExistingState',
  COMETD: 'https://enu.docs.genesys.com/Documentation/GWS/8.5.2/API/AsynchronousEvents',
  CALLMSG: 'https://docs.genesys.com/Documentation/HTCC/latest/API/CallsMessageType',
  DIAL: 'https://en.docs.genesys.com/index.php?oldid=327086&title=Documentation:HTCC:API:CallsDial:8.5.2DRAFT',
  CHANNOTIF850: 'https://docs.genesys.com/Documentation:HTCC:API:CometdNotification:8.5.0',
  ASYNC850: 'https://docs.genesys.com/Documentation:HTCC:API:AsyncTelephonyOpsNotifications:8.5.0',
  CHANOP850: 'https://docs.genesys.com/Documentation/GWS/8.5.0/API/SettingAgentStateChannel',
  QAS850: 'https://enu.docs.genesys.com/Documentation/GWS/8.5.0/API/QueryAgentState',
  CONTACTS: 'https://docs.genesys.com/Documentation/HTCC/latest/API/ContactsResource',
  FEATURES: 'https://docs.genesys.com/Documentation:HTCC:API:Features:8.5.1',
  COMETDDEP: 'https://en.docs.genesys.com/index.php?direction=prev&oldid=557360&title=Documentation%3AHTCC%3ADep%3ACometD%3A8.5.2',
});

/** A documentation page a contract or rule comes from. */
export interface DocLink {
  readonly tag: string;
  readonly url: string;
}

/**
 * A page cited by its title, as the newer entries do (`CallsDial 8.5.2`, `AgentStateOffline`):
 * docs.genesys.com serves it at /Documentation/GWS/<version>/API/<title>, or under HTCC/latest
 * when no version (or `latest`) is given.
 */
const PAGE_TITLE = /^([A-Z][a-z]+(?:[A-Z][a-z0-9]*)+)(?:\s+(\d\.\d\.\d|latest))?$/;

function pageByTitle(part: string): DocLink | undefined {
  const match = PAGE_TITLE.exec(part.trim());
  if (match === null) return undefined;
  const [tag = '', title = '', version] = match;
  const line = version === undefined || version === 'latest' ? 'HTCC/latest' : `GWS/${version}`;
  return { tag, url: `https://docs.genesys.com/Documentation/${line}/API/${title}` };
}

/**
 * The documentation pages cited in free text: every bracketed tag list (`[MAR]`, `[SCCS, ECCS]`,
 * `[src: IAR, OBS-WWE, RV852]`, `[CallsDial 8.5.2]`), in order of first mention. Tags with no public
 * page (code or third-party observations) are left out.
 */
export function docLinks(...texts: readonly string[]): DocLink[] {
  const found = new Map<string, string>();
  for (const text of texts) {
    for (const [, list] of text.matchAll(/\[(?:src:\s*)?([^\]]+)\]/g)) {
      for (const part of (list ?? '').split(/[,;]/)) {
        const tag = /^\s*([A-Z][A-Z0-9-]*)\b/.exec(part)?.[1];
        const url = tag === undefined ? undefined : GWS_DOC_PAGES[tag];
        const link = tag !== undefined && url !== undefined ? { tag, url } : pageByTitle(part);
        if (link !== undefined && !found.has(link.tag)) found.set(link.tag, link.url);
      }
    }
  }
  return [...found].map(([tag, url]) => ({ tag, url }));
}
