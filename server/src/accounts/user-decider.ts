import type { Decider } from '../commands/decider';
import type { Role } from '../auth/roles';
import { ConflictError } from '../shared/errors';
import { USER_STREAM_TYPE, type UserEvent } from './events';

export interface UserState {
  userId: string | undefined;
  email: string;
  name: string;
  role: Role | undefined;
  passwordHash: string;
}

/** Input is validated and the password hashed before the command is formed: deciders stay pure and fast. */
export type UserCommand = { type: 'RegisterUser'; userId: string; email: string; name: string; role: Role; passwordHash: string };

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  streamType: USER_STREAM_TYPE,
  initialState: () => ({ userId: undefined, email: '', name: '', role: undefined, passwordHash: '' }),
  evolve(state, event) {
    switch (event.type) {
      case 'UserRegistered':
        return { ...state, ...event.data };
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RegisterUser': {
        if (state.userId) throw new ConflictError(`User ${command.userId} already exists`);
        const { userId, email, name, role, passwordHash } = command;
        return [{ type: 'UserRegistered', data: { userId, email, name, role, passwordHash } }];
      }
    }
  },
};
