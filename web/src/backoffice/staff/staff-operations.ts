import { graphql } from '../../gql';

export const StaffAccountsQuery = graphql(`
  query BackOfficeStaffAccounts {
    staffAccounts {
      id
      name
      email
      role
      createdAt
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
