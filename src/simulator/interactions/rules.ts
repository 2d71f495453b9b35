import { accept, type Body, type Parsed } from './requests.ts';
import type { ApplyContext, Effect, Interaction, OperationRule } from './types.ts';

/** How a rule is written: its parameters parsed now, applied later with what they parsed to. */
export type RuleSpec<S extends string, D, E, P> = Omit<OperationRule<S, D, E>, 'prepare'> & {
  readonly parse: (body: Body, interaction: Interaction<S, D>) => Parsed<P>;
  readonly apply: (interaction: Interaction<S, D>, context: ApplyContext<S, D, E>, params: P) => void;
};

/** An operation rule from a parser and an effect: a refusal of the parser is the operation's answer. */
export function rule<S extends string, D, E, P>(spec: RuleSpec<S, D, E, P>): OperationRule<S, D, E> {
  const { parse, apply, ...rest } = spec;
  return {
    ...rest,
    prepare: (body, interaction) => {
      const parsed = parse(body, interaction);
      return parsed.ok ? accept<Effect<S, D, E>>((i, context) => apply(i, context, parsed.command)) : parsed;
    },
  };
}

/** The parser of an operation without parameters. */
export const noParameters = (): Parsed<null> => accept(null);
