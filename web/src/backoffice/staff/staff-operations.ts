import { graphql } from '../../gql';

export const StaffAccountsQuery = graphql(`
  query BackOfficeStaffAccounts {
    staffAccounts {
      id
      name
      email
      role
      createdAt
      disabled
    }
  }
`);

export const CreateStaffAccountMutation = graphql(`
  mutation BackOfficeCreateStaffAccount($email: String!, $password: String!, $name: String!, $role: Role!) {
    createStaffAccount(email: $email, password: $password, name: $name, role: $role) {
      id
      name
      email
      role
      createdAt
    }
  }
`);

export const DisableAccountMutation = graphql(`
  mutation BackOfficeDisableAccount($userId: ID!) {
    disableAccount(userId: $userId) {
      id
      disabled
    }
  }
`);

export const EnableAccountMutation = graphql(`
  mutation BackOfficeEnableAccount($userId: ID!) {
    enableAccount(userId: $userId) {
      id
      disabled
    }
  }
`);
