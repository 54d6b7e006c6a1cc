import { graphql } from '../gql';

export const AccountUserFields = graphql(`
  fragment AccountUser on User {
    id
    email
    name
    role
    shop
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($shop: String!, $email: String!, $password: String!) {
    signIn(shop: $shop, email: $email, password: $password) {
      token
      expiresAt
      user {
        ...AccountUser
      }
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($shop: String!, $email: String!, $password: String!, $name: String!) {
    signUp(shop: $shop, email: $email, password: $password, name: $name) {
      token
      expiresAt
      user {
        ...AccountUser
      }
    }
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      ...AccountUser
    }
  }
`);
