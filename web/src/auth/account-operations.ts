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

/** What every answer that starts or renews a session carries. */
export const SessionFields = graphql(`
  fragment Session on AuthPayload {
    token
    expiresAt
    refreshToken
    refreshTokenExpiresAt
    user {
      ...AccountUser
    }
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($shop: String!, $email: String!, $password: String!) {
    signIn(shop: $shop, email: $email, password: $password) {
      ...Session
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($shop: String!, $email: String!, $password: String!, $name: String!) {
    signUp(shop: $shop, email: $email, password: $password, name: $name) {
      ...Session
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

/** Sent without the (perhaps expired) access token: the refresh token is the credential. */
export const RefreshSessionMutation = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      ...Session
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut($refreshToken: String) {
    signOut(refreshToken: $refreshToken)
  }
`);
