import { accept, refuse, requiredText, userDataOf, type Body, type Parsed } from './requests.ts';
import type { Effect, Interaction, OperationRule } from './types.ts';

/** How a medium announces changed attached data, and the key a disposition is stored under. */
export interface UserDataPolicy<S extends string> {
  /** States in which attached data and the disposition may change. */
  readonly validIn: readonly S[];
  /** The notificationType of the change (PropertiesUpdated for chat [src: ChatSetDisposition 8.5.2, ChatMessageType]). */
  readonly notificationType: string;
  /** The key SetDisposition writes when the request names none ("the disposition key configured for the server"). */
  readonly dispositionKey: string;
}

/** `keys`: the user data keys to delete, a list of non-empty strings [src: ChatDeleteUserData 8.5.2]. */
function keysOf(body: Body): Parsed<readonly string[]> {
  const keys = body['keys'];
  if (keys === undefined) return refuse(1, 'keys is missing');
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k): k is string => typeof k === 'string' && k !== '')) {
    return refuse(10, `keys ${JSON.stringify(keys)} is not a non-empty list of user data keys`);
  }
  return accept(keys);
}

function dataOf(body: Body): Parsed<Readonly<Record<string, unknown>>> {
  const data = body['userData'];
  if (data === undefined) return refuse(1, 'userData is missing');
  return userDataOf(data);
}

/**
 * AttachUserData, UpdateUserData, DeleteUserData and SetDisposition, handled once for every medium:
 * Attach and Update set the pairs given [src: ChatAttachUserData 8.5.2, ChatUpdateUserData 8.6.0],
 * Delete removes the keys named [src: ChatDeleteUserData 8.5.2], SetDisposition writes `disposition`
 * under `dispositionKey` or the medium's key [src: ChatSetDisposition 8.5.2, EmailSetDisposition].
 * Each change is announced as the medium's notificationType, carrying the request's referenceId.
 */
export function userDataRules<S extends string, D, E>(
  policy: UserDataPolicy<S>,
  changed: (interaction: Interaction<S, D>, notificationType: string) => E,
): Record<string, OperationRule<S, D, E>> {
  const rule = (parse: (body: Body) => Parsed<(data: Record<string, unknown>) => void>): OperationRule<S, D, E> => ({
    validIn: policy.validIn,
    prepare: (body) => {
      const parsed = parse(body);
      if (!parsed.ok) return parsed;
      const change = parsed.command;
      return accept<Effect<S, D, E>>((interaction, context) => {
        change(interaction.userData);
        context.publish(changed(interaction, policy.notificationType));
      });
    },
  });
  const setPairs = (body: Body): Parsed<(data: Record<string, unknown>) => void> => {
    const pairs = dataOf(body);
    return pairs.ok ? accept((data) => Object.assign(data, pairs.command)) : pairs;
  };
  return {
    AttachUserData: rule(setPairs),
    UpdateUserData: rule(setPairs),
    DeleteUserData: rule((body) => {
      const keys = keysOf(body);
      return keys.ok ? accept((data) => { for (const key of keys.command) delete data[key]; }) : keys;
    }),
    SetDisposition: rule((body) => {
      const disposition = requiredText(body, 'disposition');
      if (!disposition.ok) return disposition;
      const key = body['dispositionKey'] ?? policy.dispositionKey;
      if (typeof key !== 'string' || key === '') return refuse(10, `dispositionKey ${JSON.stringify(key)} is not a non-empty string`);
      return accept((data) => { data[key] = disposition.command; });
    }),
  };
}
